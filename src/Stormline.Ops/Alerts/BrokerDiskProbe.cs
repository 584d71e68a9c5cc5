using System.Diagnostics.Metrics;

namespace Stormline.Ops.Alerts;

/// <summary>
/// Reads the disk gauges of an embedded broker in this process (Meter <c>Stormline.Broker</c>) through a
/// MeterListener, so the disk rule works without a reference to the broker; with no broker in the process it
/// reads nothing and the rule stays quiet. Thread-safe.
/// </summary>
public sealed class BrokerDiskProbe : IDisposable
{
    private const string FreeInstrument = "stormline.broker.disk.free";
    private const string TotalInstrument = "stormline.broker.disk.total";

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Free, long Total)> _reading = new(StringComparer.Ordinal);

    public BrokerDiskProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Stormline.Broker" && instrument.Name is FreeInstrument or TotalInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public IReadOnlyList<DiskSpace> Read()
    {
        lock (_lock)
        {
            _reading.Clear();
            _listener.RecordObservableInstruments();
            return _reading.Where(r => r.Value.Total > 0).Select(r => new DiskSpace(r.Key, r.Value.Free, r.Value.Total)).ToList();
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var path = "";
        foreach (var tag in tags)
        {
            if (tag.Key == "path")
            {
                path = tag.Value?.ToString() ?? "";
            }
        }

        var current = _reading.GetValueOrDefault(path);
        _reading[path] = instrument.Name == FreeInstrument ? current with { Free = value } : current with { Total = value };
    }

    public void Dispose() => _listener.Dispose();
}
