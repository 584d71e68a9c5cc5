using System.Text;

namespace Stormline.Broker.Security;

/// <summary>
/// What the broker keeps of a SCRAM password (Kafka's UserScramCredentialRecord): never the password or the salted
/// password, only StoredKey = H(HMAC(SaltedPassword, "Client Key")) and ServerKey = HMAC(SaltedPassword, "Server Key").
/// </summary>
internal sealed record ScramCredential(byte[] Salt, byte[] StoredKey, byte[] ServerKey, int Iterations)
{
    public static ScramCredential FromSaltedPassword(ScramMechanism mechanism, byte[] salt, ReadOnlySpan<byte> saltedPassword, int iterations)
    {
        var clientKey = mechanism.Hmac(saltedPassword, Encoding.ASCII.GetBytes("Client Key"));
        var serverKey = mechanism.Hmac(saltedPassword, Encoding.ASCII.GetBytes("Server Key"));
        return new ScramCredential(salt, mechanism.Digest(clientKey), serverKey, iterations);
    }
}
