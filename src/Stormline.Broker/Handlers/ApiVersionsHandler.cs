using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ApiVersions: v0-3.
/// Behaviour: lists every API key of the <see cref="ApiTable"/> with exactly the range its handler implements.
/// Version notes: v1 adds throttle_time_ms; v3 is flexible (KIP-511) and carries the client's software name and
/// version, but its response header stays v0. An unknown version is answered in v0 with UNSUPPORTED_VERSION.
/// Skipped: supported/finalized features (tagged fields), which no librdkafka feature depends on.
/// </summary>
internal sealed class ApiVersionsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.ApiVersions;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override short FirstFlexibleVersion => 3;

    public ApiTable? Table { get; set; }

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        if (request.Version >= 3)
        {
            request.Body.ReadString();
            request.Body.ReadString();
            request.Body.SkipTaggedFields();
        }

        response.WriteInt16(ErrorCode.None);
        WriteApiKeys(response);
        if (request.Version >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }

    /// <summary>
    /// The v0 body Kafka sends for an ApiVersions version it does not know: UNSUPPORTED_VERSION and only the
    /// ApiVersions range (ApiVersionsRequest.getErrorResponse), from which the client picks the version to retry with.
    /// </summary>
    public void WriteUnsupportedVersion(KafkaWriter response)
    {
        response.Flexible = false;
        response.WriteInt16(ErrorCode.UnsupportedVersion);
        response.WriteArrayLength(1);
        response.WriteInt16((short)Key);
        response.WriteInt16(MinVersion);
        response.WriteInt16(MaxVersion);
    }

    private void WriteApiKeys(KafkaWriter response)
    {
        var handlers = Table?.Handlers ?? [];
        response.WriteArray(handlers, static (w, h) =>
        {
            w.WriteInt16((short)h.Key);
            w.WriteInt16(h.MinVersion);
            w.WriteInt16(h.MaxVersion);
            w.WriteEmptyTaggedFields();
        });
    }
}
