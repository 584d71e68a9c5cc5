using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Telemetry;

/// <summary>
/// The broker's own metrics on the Meter <c>Stormline.Broker</c>: requests and their latency by API key, network
/// bytes, connections, log size per partition, flush latency and disk space. Any OpenTelemetry or
/// System.Diagnostics.Metrics listener in the process can export them; with none listening they cost one
/// instrument check. The request path records into counters only: tags come from a table built once per API key,
/// so a request allocates nothing here. Gauges are read from the running brokers when a listener asks.
/// Thread-safe.
/// </summary>
public static class BrokerTelemetry
{
    public const string MeterName = "Stormline.Broker";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<KafkaBroker, byte> Brokers = new();
    private static readonly KeyValuePair<string, object?>[] ApiKeyTags = BuildApiKeyTags();
    private static readonly KeyValuePair<string, object?> UnknownApiKey = new("api_key", "Unknown");

    private static readonly double[] SecondsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("stormline.broker.requests", "{request}", "Requests handled, by API key");

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram("stormline.broker.request.duration", "s", "Time from a decoded request header to its response, by API key (Fetch includes its wait)", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>("stormline.broker.network.received", "By", "Request bytes received, size prefixes included");

    private static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("stormline.broker.network.sent", "By", "Response bytes sent");

    private static readonly Counter<long> RefusedConnections = Meter.CreateCounter<long>("stormline.broker.connections.refused", "{connection}", "Connections closed right after accept, by reason (max.connections.per.ip, file descriptors)");

    private static readonly Histogram<double> FlushDuration = Meter.CreateHistogram("stormline.broker.log.flush.duration", "s", "Time of one log flush (fsync of the unflushed segments)", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    static BrokerTelemetry()
    {
        Meter.CreateObservableUpDownCounter("stormline.broker.connections", () => Brokers.Keys.Sum(b => (long)b.ConnectionCount), "{connection}", "Open client connections");
        Meter.CreateObservableGauge("stormline.broker.log.size", ObserveLogSizes, "By", "Bytes in a partition's log segments");
        Meter.CreateObservableGauge("stormline.broker.disk.free", () => ObserveDisk(d => d.AvailableFreeSpace), "By", "Free bytes on the volume of the broker's data directory");
        Meter.CreateObservableGauge("stormline.broker.disk.total", () => ObserveDisk(d => d.TotalSize), "By", "Size of the volume of the broker's data directory");
    }

    internal static void Register(KafkaBroker broker) => Brokers.TryAdd(broker, 0);

    internal static void Unregister(KafkaBroker broker) => Brokers.TryRemove(broker, out _);

    /// <summary>Starts timing a request; disposing the returned value counts it. A struct, so the request path allocates nothing.</summary>
    internal static RequestTiming StartRequest(ApiKey key) => new(key, Stopwatch.GetTimestamp());

    internal static void RecordRequest(ApiKey key, long startedTimestamp)
    {
        var index = (int)key;
        var tag = index >= 0 && index < ApiKeyTags.Length && ApiKeyTags[index].Value is not null ? ApiKeyTags[index] : UnknownApiKey;
        Requests.Add(1, tag);
        if (RequestDuration.Enabled)
        {
            RequestDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tag);
        }
    }

    internal static void RecordReceived(int bytes) => BytesReceived.Add(bytes);

    internal static void RecordSent(int bytes) => BytesSent.Add(bytes);

    internal static void RecordRefusedConnection(string reason) => RefusedConnections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static void RecordFlush(long startedTimestamp)
    {
        if (FlushDuration.Enabled)
        {
            FlushDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
        }
    }

    private static KeyValuePair<string, object?>[] BuildApiKeyTags()
    {
        var keys = Enum.GetValues<ApiKey>();
        var tags = new KeyValuePair<string, object?>[keys.Max(k => (int)k) + 1];
        foreach (var key in keys)
        {
            tags[(int)key] = new("api_key", key.ToString());
        }

        return tags;
    }

    private static IEnumerable<Measurement<long>> ObserveLogSizes() =>
        Brokers.Keys.SelectMany(b => b.Context.Topics.All).SelectMany(t => t.Partitions.Select(p => new Measurement<long>(p.SizeInBytes, new TagList
        {
            { "topic", t.Name },
            { "partition", p.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        })));

    private static IEnumerable<Measurement<long>> ObserveDisk(Func<DriveInfo, long> read)
    {
        foreach (var broker in Brokers.Keys)
        {
            long value;
            try
            {
                value = read(new DriveInfo(Path.GetFullPath(broker.DataDirectory)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                continue; // a volume that cannot be read gives no sample rather than a wrong one
            }

            yield return new Measurement<long>(value, new KeyValuePair<string, object?>("path", broker.DataDirectory));
        }
    }
}
