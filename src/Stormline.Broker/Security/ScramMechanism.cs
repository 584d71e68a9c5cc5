using System.Security.Cryptography;

namespace Stormline.Broker.Security;

/// <summary>A SCRAM mechanism (RFC 5802 with RFC 7677's SHA-256, and SHA-512 as Kafka adds), with Kafka's wire id in the credential APIs.</summary>
internal sealed record ScramMechanism(string Name, sbyte WireId, HashAlgorithmName Hash, int HashSize)
{
    /// <summary>Kafka's bounds on the PBKDF2 iteration count (ScramMechanism.minIterations, and the controller's maximum).</summary>
    public const int MinIterations = 4096;

    public const int MaxIterations = 16384;

    public static readonly ScramMechanism Sha256 = new("SCRAM-SHA-256", 1, HashAlgorithmName.SHA256, 32);

    public static readonly ScramMechanism Sha512 = new("SCRAM-SHA-512", 2, HashAlgorithmName.SHA512, 64);

    public static IReadOnlyList<ScramMechanism> All { get; } = [Sha256, Sha512];

    public static ScramMechanism? ByName(string name) => All.FirstOrDefault(m => m.Name == name);

    public static ScramMechanism? ByWireId(sbyte id) => All.FirstOrDefault(m => m.WireId == id);

    public byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        HashSize == 32 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    public byte[] Digest(ReadOnlySpan<byte> data) => HashSize == 32 ? SHA256.HashData(data) : SHA512.HashData(data);

    /// <summary>RFC 5802's Hi(): PBKDF2 with this mechanism's HMAC; Kafka applies no SASLprep to the password.</summary>
    public byte[] SaltedPassword(string password, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(password), salt, iterations, Hash, HashSize);
}
