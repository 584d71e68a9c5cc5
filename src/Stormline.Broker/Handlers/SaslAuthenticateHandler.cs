using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// SaslAuthenticate: v0-2, flexible from v2.
/// Behaviour: feeds one client token to the exchange the handshake started and answers the server's token. On
/// success the connection's principal becomes <c>User:&lt;name&gt;</c>. A failed exchange (wrong password, unknown
/// user, malformed token) answers SASL_AUTHENTICATION_FAILED with the reason and closes the connection; a token
/// without a handshake answers ILLEGAL_SASL_STATE and closes it. Re-authentication must keep the principal.
/// Version notes: v1 adds session_lifetime_ms (connections.max.reauth.ms, KIP-368); v0 clients cannot re-authenticate
/// and are disconnected when the lifetime ends.
/// </summary>
internal sealed class SaslAuthenticateHandler(BrokerContext broker) : MessageHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>(broker)
{
    public override ApiKey Key => ApiKey.SaslAuthenticate;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override ValueTask<SaslAuthenticateResponse> HandleAsync(Request request, SaslAuthenticateRequest message, CancellationToken cancellationToken)
    {
        var session = request.Session;
        var (error, errorMessage, challenge, lifetime) = session.Sasl switch
        {
            null => (ErrorCode.IllegalSaslState, "SaslAuthenticate request received after successful authentication", Array.Empty<byte>(), 0L),
            { Stage: SaslStage.Authenticate, Exchange: { } exchange } sasl => Step(session, sasl, exchange, message.AuthBytes.Span),
            _ => Fail(session, ErrorCode.IllegalSaslState, "Unexpected SaslAuthenticate request: send SaslHandshake (v1) first"),
        };

        return ValueTask.FromResult(new SaslAuthenticateResponse { ErrorCode = error, ErrorMessage = errorMessage, AuthBytes = challenge, SessionLifetimeMs = lifetime });
    }

    private (ErrorCode, string?, byte[], long) Step(ClientSession session, SaslSession sasl, SaslExchange exchange, ReadOnlySpan<byte> token)
    {
        byte[] challenge;
        try
        {
            challenge = exchange.Evaluate(token);
        }
        catch (SaslAuthenticationException ex)
        {
            return Fail(session, ErrorCode.SaslAuthenticationFailed, ex.Message);
        }

        if (!exchange.IsComplete)
        {
            return (ErrorCode.None, null, challenge, 0L);
        }

        var principal = "User:" + exchange.AuthenticatedUser;
        if (sasl.HasAuthenticated && principal != session.Principal)
        {
            return Fail(session, ErrorCode.SaslAuthenticationFailed, $"Cannot change principals during re-authentication from {session.Principal} to {principal}");
        }

        var lifetime = sasl.Listener.SessionLifetimeMs;
        session.Principal = principal;
        sasl.Complete(exchange.Mechanism, lifetime, Environment.TickCount64);
        return (ErrorCode.None, null, challenge, lifetime);
    }

    private static (ErrorCode, string?, byte[], long) Fail(ClientSession session, ErrorCode error, string message)
    {
        session.CloseAfterResponse = true;
        return (error, message, Array.Empty<byte>(), 0L);
    }
}
