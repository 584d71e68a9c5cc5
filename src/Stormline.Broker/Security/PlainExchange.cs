using System.Security.Cryptography;
using System.Text;

namespace Stormline.Broker.Security;

/// <summary>
/// SASL/PLAIN (RFC 4616) as Kafka's PlainSaslServer: one token <c>authzid NUL user NUL password</c>, checked against
/// the listener's <c>user_&lt;name&gt;="&lt;password&gt;"</c> JAAS entries; an authzid other than the user is refused.
/// </summary>
internal sealed class PlainExchange(IReadOnlyDictionary<string, string> users) : SaslExchange
{
    public override string Mechanism => "PLAIN";

    public override byte[] Evaluate(ReadOnlySpan<byte> clientToken)
    {
        if (IsComplete)
        {
            throw new SaslAuthenticationException("Authentication failed: PLAIN takes a single message");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(clientToken);
        }
        catch (DecoderFallbackException)
        {
            throw new SaslAuthenticationException("Authentication failed: the PLAIN message is not UTF-8");
        }

        var parts = text.Split('\0');
        if (parts.Length != 3)
        {
            throw new SaslAuthenticationException("Authentication failed: invalid SASL/PLAIN message, expected 3 tokens separated by NUL, got " + parts.Length);
        }

        var (authorizationId, user, password) = (parts[0], parts[1], parts[2]);
        if (user.Length == 0)
        {
            throw new SaslAuthenticationException("Authentication failed: username not specified");
        }

        if (password.Length == 0)
        {
            throw new SaslAuthenticationException("Authentication failed: password not specified");
        }

        if (authorizationId.Length > 0 && authorizationId != user)
        {
            throw new SaslAuthenticationException("Authentication failed: Client requested an authorization id that is different from username");
        }

        if (!users.TryGetValue(user, out var expected)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(password)))
        {
            throw new SaslAuthenticationException("Authentication failed: Invalid username or password");
        }

        AuthenticatedUser = user;
        return [];
    }
}
