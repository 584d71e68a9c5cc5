using Stormline.Broker.Protocol;

namespace Stormline.Broker.Telemetry;

/// <summary>A request in flight, counted with its latency when disposed (<c>using var</c> at the top of dispatch).</summary>
internal readonly struct RequestTiming(ApiKey key, long startedTimestamp) : IDisposable
{
    public void Dispose() => BrokerTelemetry.RecordRequest(key, startedTimestamp);
}
