using Stormline.Bench.Measurement;
using Stormline.Bench.Servers;

namespace Stormline.Bench.Targets;

/// <summary>
/// A system under test seen through its own .NET client: a Kafka topic, a Redis stream or a JetStream stream.
/// Produce and consume calls time themselves from the first send (or read) to the last acknowledgement (or record).
/// </summary>
public interface IMessagingTarget : IAsyncDisposable
{
    string Name { get; }

    ServerProcess Server { get; }

    /// <summary>How the client is configured, for the results page.</summary>
    string ClientSettings { get; }

    /// <summary>Creates an empty topic or stream named <paramref name="stream"/>.</summary>
    Task PrepareAsync(string stream, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="count"/> copies of <paramref name="payload"/> with acknowledgements, pipelined, stopping early after <paramref name="cap"/>.</summary>
    Task<TransferOutcome> ProduceAsync(string stream, byte[] payload, int count, TimeSpan cap, ProgressCounter progress, CancellationToken cancellationToken);

    /// <summary>Reads the stream from its start until <paramref name="expected"/> records have arrived (or no progress for a while).</summary>
    Task<TransferOutcome> ConsumeAsync(string stream, long expected, ProgressCounter progress, CancellationToken cancellationToken);

    /// <summary>Deletes what <paramref name="stream"/> holds, where the system keeps it in memory (Redis).</summary>
    Task ReleaseAsync(string stream, CancellationToken cancellationToken);

    /// <summary>A producer and a consumer on <paramref name="stream"/> for the fixed-rate latency run.</summary>
    Task<ILatencyProbe> OpenLatencyProbeAsync(string stream, CancellationToken cancellationToken);
}
