using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Stormline.Broker.Telemetry;

namespace Stormline.Broker.Tests.Limits;

/// <summary>Listens to the broker's stormline.broker.connections.refused counter and keeps the reasons it reports.</summary>
internal sealed class RefusedConnections : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _reasons = new();

    public RefusedConnections()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BrokerTelemetry.MeterName && instrument.Name == "stormline.broker.connections.refused")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    _reasons.Enqueue((string)tag.Value!);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>How many refusals gave <paramref name="reason"/> (other brokers in the process count too).</summary>
    public int Count(string reason) => _reasons.Count(r => r == reason);

    public void Dispose() => _listener.Dispose();
}
