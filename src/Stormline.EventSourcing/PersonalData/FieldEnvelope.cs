using System.Security.Cryptography;
using System.Text;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// A personal field as stored: <c>stormline:pii:v1:&lt;key id&gt;:&lt;base64(nonce | ciphertext | tag)&gt;</c>, a JSON
/// string in place of the value, so the stored event stays valid JSON. AES-256-GCM; the field's path is the associated
/// data, so an envelope moved to another field does not open.
/// </summary>
public static class FieldEnvelope
{
    public const string Prefix = "stormline:pii:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static bool IsEnvelope(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Seals the field's JSON text (<paramref name="plainJson"/>) under <paramref name="key"/>.</summary>
    public static string Seal(SubjectKey key, string path, string plainJson)
    {
        ArgumentNullException.ThrowIfNull(key);
        var plain = Encoding.UTF8.GetBytes(plainJson);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(path));
        return $"{Prefix}{key.KeyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>The key id an envelope was sealed with; null when the text is not an envelope.</summary>
    public static string? KeyIdOf(string envelope)
    {
        if (!IsEnvelope(envelope)) return null;
        var end = envelope.IndexOf(':', Prefix.Length);
        return end < 0 ? null : envelope[Prefix.Length..end];
    }

    /// <summary>The field's JSON text.</summary>
    /// <exception cref="CryptographicException">The envelope was altered, or sealed for another field or key.</exception>
    public static string Open(string envelope, byte[] key, string path)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var end = envelope.IndexOf(':', Prefix.Length);
        if (!IsEnvelope(envelope) || end < 0) throw new CryptographicException("Not a personal-data envelope.");
        var sealedBytes = Convert.FromBase64String(envelope[(end + 1)..]);
        if (sealedBytes.Length < NonceBytes + TagBytes) throw new CryptographicException("The personal-data envelope is truncated.");
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain, Encoding.UTF8.GetBytes(path));
        return Encoding.UTF8.GetString(plain);
    }
}
