namespace Stormline.Broker.Security;

/// <summary>
/// The server side of one SASL authentication: each client token gives the next server token, until the exchange
/// is complete and names the authenticated user. Throws <see cref="SaslAuthenticationException"/> on bad credentials
/// or a malformed token; one instance serves one attempt.
/// </summary>
internal abstract class SaslExchange
{
    public abstract string Mechanism { get; }

    /// <summary>Set when the exchange succeeded: the user name, whose principal is <c>User:</c> + name.</summary>
    public string? AuthenticatedUser { get; protected set; }

    public bool IsComplete => AuthenticatedUser is not null;

    public abstract byte[] Evaluate(ReadOnlySpan<byte> clientToken);
}
