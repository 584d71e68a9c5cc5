using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// Which partitions of a consumer are stuck on a failing event, since when and why: read by readiness checks, which
/// report not ready once a partition has been stuck longer than a threshold. Thread-safe.
/// </summary>
public sealed class PartitionHealth
{
    private readonly ConcurrentDictionary<TopicPartition, (DateTimeOffset Since, string Error)> _failing = new();

    public void Failing(TopicPartition partition, Exception error) =>
        _failing.AddOrUpdate(partition, _ => (DateTimeOffset.UtcNow, Describe(error)), (_, was) => (was.Since, Describe(error)));

    public void Healthy(TopicPartition partition) => _failing.TryRemove(partition, out _);

    /// <summary>Partitions failing for longer than <paramref name="threshold"/>, with the last error.</summary>
    public IReadOnlyList<string> Stuck(TimeSpan threshold)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. _failing.Where(f => now - f.Value.Since > threshold)
            .Select(f => $"{f.Key.Topic}[{f.Key.Partition.Value}] stuck for {(now - f.Value.Since).TotalSeconds:F0} s: {f.Value.Error}")];
    }

    private static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
