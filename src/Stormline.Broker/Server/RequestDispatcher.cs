using Microsoft.Extensions.Logging;
using Stormline.Broker.Handlers;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Telemetry;

namespace Stormline.Broker.Server;

/// <summary>
/// Decodes one request frame (without its size prefix) and runs its handler. <see cref="ClientConnection"/> uses it
/// for every socket frame, and tests feed frames to it in-process, so both exercise the same code.
/// As Kafka's SocketServer does, an unknown API key, a version outside the handler's range or a frame that cannot
/// be decoded closes the connection; only ApiVersions of an unknown version is answered (KIP-511). A handler that
/// throws anything else also closes the connection, and is counted in <see cref="UnexpectedErrors"/> because it is
/// a broker bug, not a client's. Thread-safe: it keeps no per-request state.
/// </summary>
internal sealed class RequestDispatcher(ApiTable api, BoundListener defaultListener, ILogger logger, BrokerFaults? faults = null)
{
    private long _unexpectedErrors;

    /// <summary>Handler failures other than undecodable input; the fuzz tests expect zero.</summary>
    public long UnexpectedErrors => Interlocked.Read(ref _unexpectedErrors);

    /// <summary>
    /// Handles <paramref name="frame"/>, which the handler may rewrite in place (Produce assigns offsets). On
    /// <see cref="DispatchOutcome.Respond"/>, <paramref name="response"/> holds the whole response frame, size prefix included.
    /// </summary>
    public ValueTask<DispatchOutcome> DispatchAsync(Memory<byte> frame, KafkaWriter response, string client, CancellationToken cancellationToken) =>
        DispatchAsync(frame, response, new ClientSession(client, defaultListener), cancellationToken);

    /// <inheritdoc cref="DispatchAsync(Memory{byte}, KafkaWriter, string, CancellationToken)"/>
    public async ValueTask<DispatchOutcome> DispatchAsync(Memory<byte> frame, KafkaWriter response, ClientSession session, CancellationToken cancellationToken)
    {
        var client = session.ClientHost;
        if (session.Sasl is { Stage: SaslStage.RawToken } rawSasl)
        {
            return RawToken(frame.Span, response, session, rawSasl);
        }

        // The header's version follows the request's (v2 for a flexible one): find the handler before reading it.
        var body = new KafkaReader(frame);
        RequestHeader header;
        ApiHandler? handler;
        bool supported;
        bool flexible;
        try
        {
            var (key, version) = RequestHeader.Peek(frame.Span);
            handler = api.Find(key);
            supported = handler is not null && version >= handler.MinVersion && version <= handler.MaxVersion;
            flexible = supported && handler!.IsFlexible(version);
            header = RequestHeader.Read(body, flexible ? (short)2 : (short)1);
        }
        catch (ProtocolException ex)
        {
            logger.LogWarning("Closing connection from {Client}: malformed request header ({Reason})", client, ex.Message);
            return DispatchOutcome.Close;
        }

        if (session.Sasl is { } sasl && header.ApiKey is not (ApiKey.ApiVersions or ApiKey.SaslHandshake or ApiKey.SaslAuthenticate) && !sasl.Admits(Environment.TickCount64))
        {
            // Kafka's SaslServerAuthenticator: IllegalSaslStateException, which closes the connection without a response.
            logger.LogWarning(
                "Closing connection from {Client} on {Listener}: {Key} request {State} (ILLEGAL_SASL_STATE)",
                client, session.Listener.Name, header.ApiKey, sasl.HasAuthenticated ? "after the SASL session expired (connections.max.reauth.ms)" : "before SASL authentication");
            return DispatchOutcome.Close;
        }

        using var timing = BrokerTelemetry.StartRequest(header.ApiKey);
        response.WriteInt32(0);
        // Response header v1 (tagged fields) for a flexible request; ApiVersions always answers with v0 (KIP-511), so
        // that any client can parse it.
        new ResponseHeader { CorrelationId = header.CorrelationId }.Write(response, flexible && header.ApiKey != ApiKey.ApiVersions ? (short)1 : (short)0);
        if (!supported)
        {
            if (handler is ApiVersionsHandler versions)
            {
                // KIP-511: the client learns our range from a v0 body with UNSUPPORTED_VERSION and retries.
                versions.WriteUnsupportedVersion(response);
                response.PatchInt32(0, response.Length - 4);
                return DispatchOutcome.Respond;
            }

            // Kafka's SocketServer.parseRequestHeader throws InvalidRequestException here, which closes the connection.
            logger.LogWarning("Closing connection from {Client}: unsupported API key {Key} v{Version} (client {ClientId})", client, (short)header.ApiKey, header.ApiVersion, header.ClientId);
            return DispatchOutcome.Close;
        }

        body.Flexible = flexible;
        response.Flexible = flexible;
        try
        {
            // One volatile read when no fault is set keeps the produce path as it was.
            if (faults is { Armed: true } && await faults.ApplyAsync(header, body, response, client, cancellationToken) is { } injected)
            {
                if (injected == DispatchOutcome.Respond)
                {
                    response.PatchInt32(0, response.Length - 4);
                }

                return injected;
            }

            if (!await handler!.HandleAsync(new Request(header, body, session), response, cancellationToken))
            {
                return DispatchOutcome.NoResponse;
            }
        }
        catch (ProtocolException ex)
        {
            logger.LogWarning("Closing connection from {Client}: malformed {Key} v{Version} request ({Reason})", client, header.ApiKey, header.ApiVersion, ex.Message);
            return DispatchOutcome.Close;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _unexpectedErrors);
            logger.LogError(ex, "Closing connection from {Client}: {Key} v{Version} failed", client, header.ApiKey, header.ApiVersion);
            return DispatchOutcome.Close;
        }

        response.PatchInt32(0, response.Length - 4);
        if (session.CloseAfterResponse)
        {
            logger.LogInformation("Closing connection from {Client} on {Listener} after {Key}: SASL authentication failed or was out of order", client, session.Listener.Name, header.ApiKey);
            return DispatchOutcome.RespondAndClose;
        }

        return DispatchOutcome.Respond;
    }

    /// <summary>
    /// After SaslHandshake v0 the client sends bare tokens, and the broker answers bare tokens, each with only a size
    /// prefix. A failed exchange closes the connection without a response, as Kafka does for this legacy framing;
    /// such a client cannot re-authenticate, so it is disconnected when its session lifetime ends.
    /// </summary>
    private DispatchOutcome RawToken(ReadOnlySpan<byte> token, KafkaWriter response, ClientSession session, SaslSession sasl)
    {
        var exchange = sasl.Exchange!;
        byte[] challenge;
        try
        {
            challenge = exchange.Evaluate(token);
        }
        catch (Security.SaslAuthenticationException ex)
        {
            logger.LogInformation("Closing connection from {Client} on {Listener}: {Reason}", session.ClientHost, session.Listener.Name, ex.Message);
            return DispatchOutcome.Close;
        }

        if (exchange.IsComplete)
        {
            session.Principal = "User:" + exchange.AuthenticatedUser;
            sasl.Complete(exchange.Mechanism, sasl.Listener.SessionLifetimeMs, Environment.TickCount64);
        }

        response.WriteInt32(challenge.Length);
        response.WriteRaw(challenge);
        return DispatchOutcome.Respond;
    }
}
