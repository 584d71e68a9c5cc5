using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// SaslHandshake: v0-1.
/// Behaviour: on a SASL listener, picks the mechanism for the following tokens and lists the listener's enabled
/// mechanisms. An unknown mechanism answers UNSUPPORTED_SASL_MECHANISM and closes the connection; a handshake in
/// the middle of an exchange answers ILLEGAL_SASL_STATE and closes it. After authentication, a v1 handshake with the
/// same mechanism starts re-authentication (KIP-368). On PLAINTEXT and SSL listeners it answers ILLEGAL_SASL_STATE,
/// as Kafka's KafkaApis does.
/// Version notes: v0 is followed by bare tokens (no request header); v1 by SaslAuthenticate requests.
/// </summary>
internal sealed class SaslHandshakeHandler(BrokerContext broker) : MessageHandler<SaslHandshakeRequest, SaslHandshakeResponse>(broker)
{
    public override ApiKey Key => ApiKey.SaslHandshake;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override ValueTask<SaslHandshakeResponse> HandleAsync(Request request, SaslHandshakeRequest message, CancellationToken cancellationToken)
    {
        var session = request.Session;
        var sasl = session.Sasl;
        var error = ErrorCode.None;
        if (sasl is null)
        {
            error = ErrorCode.IllegalSaslState;
        }
        else if (sasl.Stage is not (SaslStage.Handshake or SaslStage.Authenticated) || (sasl.HasAuthenticated && request.Version == 0))
        {
            // A second handshake mid-exchange, or a v0 re-authentication (KIP-368 needs v1).
            error = ErrorCode.IllegalSaslState;
            session.CloseAfterResponse = true;
        }
        else if ((sasl.HasAuthenticated && message.Mechanism != sasl.Mechanism) || sasl.Listener.Start(message.Mechanism, Broker.ScramCredentials) is not { } exchange)
        {
            error = ErrorCode.UnsupportedSaslMechanism;
            session.CloseAfterResponse = true;
        }
        else
        {
            sasl.Exchange = exchange;
            sasl.Stage = request.Version == 0 ? SaslStage.RawToken : SaslStage.Authenticate;
        }

        return ValueTask.FromResult(new SaslHandshakeResponse { ErrorCode = error, Mechanisms = [.. sasl?.Listener.Mechanisms ?? []] });
    }
}
