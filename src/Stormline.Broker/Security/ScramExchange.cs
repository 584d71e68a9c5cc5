using System.Security.Cryptography;
using System.Text;

namespace Stormline.Broker.Security;

/// <summary>
/// The server side of SCRAM (RFC 5802, RFC 7677) as Kafka's ScramSaslServer runs it:
/// <c>n,[a=authzid],n=user,r=cnonce</c> → <c>r=cnonce+snonce,s=salt,i=N</c> → <c>c=biws,r=nonce,p=proof</c> →
/// <c>v=signature</c>. No channel binding (the GS2 flag must be <c>n</c>), no delegation tokens (a <c>tokenauth</c>
/// extension is refused), and an unknown user fails at once, as in Kafka.
/// </summary>
internal sealed class ScramExchange(ScramMechanism mechanism, Func<string, ScramCredential?> credentials) : SaslExchange
{
    private string? _user;
    private string? _gs2Header;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;
    private ScramCredential? _credential;

    public override string Mechanism => mechanism.Name;

    public override byte[] Evaluate(ReadOnlySpan<byte> clientToken)
    {
        var message = Utf8(clientToken);
        if (IsComplete)
        {
            throw new SaslAuthenticationException("Authentication failed: the SCRAM exchange is already complete");
        }

        return _serverFirst is null ? First(message) : Final(message);
    }

    private byte[] First(string message)
    {
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","
        var firstComma = message.IndexOf(',');
        var secondComma = firstComma < 0 ? -1 : message.IndexOf(',', firstComma + 1);
        if (firstComma != 1 || secondComma < 0)
        {
            throw Malformed("client-first-message");
        }

        if (message[0] != 'n')
        {
            throw new SaslAuthenticationException("Authentication failed: channel binding is not supported");
        }

        var authzid = message[(firstComma + 1)..secondComma];
        _gs2Header = message[..(secondComma + 1)];
        _clientFirstBare = message[(secondComma + 1)..];
        var attributes = _clientFirstBare.Split(',');
        if (attributes.Length < 2 || !attributes[0].StartsWith("n=", StringComparison.Ordinal) || !attributes[1].StartsWith("r=", StringComparison.Ordinal) || attributes[1].Length == 2)
        {
            throw Malformed("client-first-message");
        }

        if (attributes.Skip(2).Any(a => a.StartsWith("tokenauth=", StringComparison.Ordinal)))
        {
            throw new SaslAuthenticationException("Authentication failed: delegation tokens are not supported");
        }

        _user = SaslName(attributes[0][2..]);
        if (authzid.Length > 0 && (!authzid.StartsWith("a=", StringComparison.Ordinal) || SaslName(authzid[2..]) != _user))
        {
            throw new SaslAuthenticationException("Authentication failed: Client requested an authorization id that is different from username");
        }

        _credential = credentials(_user) ?? throw new SaslAuthenticationException("Authentication failed: Invalid user credentials");
        _nonce = attributes[1][2..] + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_credential.Salt)},i={_credential.Iterations}";
        return Encoding.ASCII.GetBytes(_serverFirst);
    }

    private byte[] Final(string message)
    {
        var proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (!message.StartsWith("c=", StringComparison.Ordinal) || proofAt < 0)
        {
            throw Malformed("client-final-message");
        }

        var withoutProof = message[..proofAt];
        var attributes = withoutProof.Split(',');
        if (attributes.Length < 2 || !attributes[1].StartsWith("r=", StringComparison.Ordinal))
        {
            throw Malformed("client-final-message");
        }

        if (attributes[0] != "c=" + Convert.ToBase64String(Encoding.ASCII.GetBytes(_gs2Header!)))
        {
            throw new SaslAuthenticationException("Authentication failed: channel binding data does not match the client-first-message");
        }

        // Accepted when it ends with the server-first nonce, as Kafka's ScramSaslServer long did (later Kafka requires
        // equality): the librdkafka of Debian's kcat (2.0.2) sends the client nonce twice, "r=<cnonce><cnonce><snonce>".
        // The server's fresh random part must still be there and the proof covers the whole message, so no replay passes.
        if (!attributes[1][2..].EndsWith(_nonce!, StringComparison.Ordinal))
        {
            throw new SaslAuthenticationException("Authentication failed: Invalid client nonce in the final client message.");
        }

        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(message[(proofAt + 3)..]);
        }
        catch (FormatException)
        {
            throw Malformed("client-final-message");
        }

        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var credential = _credential!;
        var clientSignature = mechanism.Hmac(credential.StoredKey, authMessage);
        if (proof.Length != clientSignature.Length)
        {
            throw new SaslAuthenticationException("Authentication failed: Invalid client credentials");
        }

        var clientKey = new byte[proof.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            clientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        }

        if (!CryptographicOperations.FixedTimeEquals(mechanism.Digest(clientKey), credential.StoredKey))
        {
            throw new SaslAuthenticationException("Authentication failed: Invalid client credentials");
        }

        AuthenticatedUser = _user;
        return Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(mechanism.Hmac(credential.ServerKey, authMessage)));
    }

    /// <summary>RFC 5802's saslname: '=2C' is ',' and '=3D' is '='; any other '=' is malformed.</summary>
    private static string SaslName(string value)
    {
        var decoded = value.Replace("=2C", ",", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
        if (value.Replace("=2C", string.Empty, StringComparison.Ordinal).Replace("=3D", string.Empty, StringComparison.Ordinal).Contains('=') || decoded.Length == 0)
        {
            throw Malformed("user name");
        }

        return decoded;
    }

    private static string Utf8(ReadOnlySpan<byte> token)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(token);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("message (not UTF-8)");
        }
    }

    private static SaslAuthenticationException Malformed(string what) => new($"Authentication failed: malformed SCRAM {what}");
}
