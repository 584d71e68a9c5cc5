using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ApiVersions: v0-4.
/// Behaviour: lists every API key of the <see cref="ApiTable"/> with exactly the range its handler implements.
/// Version notes: v1 adds throttle_time_ms; v3 is flexible (KIP-511) and carries the client's software name and
/// version, but its response header stays v0; v4 (KAFKA-17011) only lets a supported feature's min version be 0, and
/// no feature is advertised here, so it answers as v3. An unknown version is answered in v0 with UNSUPPORTED_VERSION.
/// Skipped: supported/finalized features (tagged fields), which no librdkafka feature depends on.
/// </summary>
internal sealed class ApiVersionsHandler(BrokerContext broker) : MessageHandler<ApiVersionsRequest, ApiVersionsResponse>(broker)
{
    public override ApiKey Key => ApiKey.ApiVersions;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    public ApiTable? Table { get; set; }

    protected override ValueTask<ApiVersionsResponse> HandleAsync(Request request, ApiVersionsRequest message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ApiVersionsResponse
        {
            ApiKeys = (Table?.Handlers ?? []).Select(h => new ApiVersionsResponse.ApiVersion { ApiKey = (short)h.Key, MinVersion = h.MinVersion, MaxVersion = h.MaxVersion }).ToList(),
        });

    /// <summary>
    /// The v0 body Kafka sends for an ApiVersions version it does not know: UNSUPPORTED_VERSION and only the
    /// ApiVersions range (ApiVersionsRequest.getErrorResponse), from which the client picks the version to retry with.
    /// </summary>
    public void WriteUnsupportedVersion(KafkaWriter response) => new ApiVersionsResponse
    {
        ErrorCode = ErrorCode.UnsupportedVersion,
        ApiKeys = [new ApiVersionsResponse.ApiVersion { ApiKey = (short)Key, MinVersion = MinVersion, MaxVersion = MaxVersion }],
    }.Write(response, 0);
}
