using System.Diagnostics;
using Confluent.Kafka;

namespace Stormline.OpsConsole.Kafka;

/// <summary>
/// Reads ranges of partitions by assignment (no group, no commits) up to each range's end, keeping the records a
/// filter accepts. Bounded by a record budget and a deadline, so a search over a big topic answers rather than hangs.
/// </summary>
internal sealed class PartitionScanner(KafkaClients clients)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public Task<ScanResult> ScanAsync(IReadOnlyList<ScanRange> ranges, Func<ConsumeResult<byte[]?, byte[]?>, bool> keep, int limit, int budget, CancellationToken cancellationToken) =>
        ScanAsync(ranges, r => ValueTask.FromResult(keep(r)), limit, budget, Deadline, cancellationToken);

    /// <summary>With an asynchronous filter (one that decodes through the registry) and a time budget of the caller's.</summary>
    public Task<ScanResult> ScanAsync(IReadOnlyList<ScanRange> ranges, Func<ConsumeResult<byte[]?, byte[]?>, ValueTask<bool>> keep, int limit, int budget, TimeSpan deadline,
        CancellationToken cancellationToken) =>
        Task.Run(() => Scan(ranges, keep, limit, budget, deadline, cancellationToken), cancellationToken);

    private async Task<ScanResult> Scan(IReadOnlyList<ScanRange> ranges, Func<ConsumeResult<byte[]?, byte[]?>, ValueTask<bool>> keep, int limit, int budget, TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        var open = ranges.Where(r => r.From < r.To).ToDictionary(r => r.Partition, r => r.To);
        var kept = new List<ConsumeResult<byte[]?, byte[]?>>();
        if (open.Count == 0)
        {
            return new ScanResult(kept, 0, Complete: true);
        }

        using var consumer = clients.Reader();
        consumer.Assign(ranges.Where(r => open.ContainsKey(r.Partition)).Select(r => new TopicPartitionOffset(r.Partition, new Offset(r.From))));
        var clock = Stopwatch.StartNew();
        var scanned = 0;
        while (open.Count > 0 && kept.Count < limit && scanned < budget && clock.Elapsed < deadline && !cancellationToken.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                open.Remove(result.TopicPartition);
                continue;
            }

            if (!open.TryGetValue(result.TopicPartition, out var end))
            {
                continue;
            }

            scanned++;
            if (await keep(result))
            {
                kept.Add(result);
            }

            if (result.Offset.Value + 1 >= end)
            {
                open.Remove(result.TopicPartition);
                consumer.Pause([result.TopicPartition]);
            }
        }

        consumer.Close();
        return new ScanResult(kept, scanned, open.Count == 0);
    }
}

/// <summary>Offsets <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive) of one partition.</summary>
internal sealed record ScanRange(TopicPartition Partition, long From, long To);

/// <summary><see cref="Complete"/> is false when the budget or deadline stopped the scan before every range's end.</summary>
internal sealed record ScanResult(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> Records, int Scanned, bool Complete);
