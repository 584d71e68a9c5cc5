using System.Text;
using Confluent.Kafka;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Kafka;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// The topic page's message browser: from an offset, a time or (by default) the last messages, on one partition or
/// all, optionally only the records whose key contains a string.
/// </summary>
internal sealed class MessageBrowser(TopicsReader topics, PartitionScanner scanner, MessageRows rows, ConsoleOptions options)
{
    public const int DefaultLimit = 50;

    public async Task<BrowseResult> BrowseAsync(string topic, BrowseQuery query, CancellationToken cancellationToken)
    {
        var meta = topics.Find(topic);
        var limit = query.Limit is > 0 and <= 500 ? query.Limit.Value : DefaultLimit;
        var partitions = meta.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        if (query.Partition is { } partition)
        {
            if (!partitions.Any(p => p.Partition.Value == partition))
            {
                throw ConsoleProblem.NotFound($"Topic '{topic}' has no partition {partition}; it has {partitions.Count} (0..{partitions.Count - 1}).");
            }

            partitions = [new TopicPartition(topic, partition)];
        }

        var offsets = await topics.OffsetsAsync(partitions);
        var fromTime = query.Time is { Length: > 0 } time ? await topics.OffsetsForTimeAsync(partitions, OffsetReset.ParseTime(time)) : null;
        var ranges = partitions.Select(tp =>
        {
            var o = offsets[tp];
            var from = query.Offset is { } at ? at
                : fromTime is not null ? (fromTime[tp] < 0 ? o.Latest : fromTime[tp])
                : query.Key is { Length: > 0 } ? o.Earliest
                : o.Latest - limit;
            return new ScanRange(tp, Math.Clamp(from, o.Earliest, o.Latest), o.Latest);
        }).ToList();

        var key = query.Key is { Length: > 0 } k ? Encoding.UTF8.GetBytes(k) : null;
        var scan = await scanner.ScanAsync(ranges, r => key is null || (r.Message.Key is { } mk && mk.AsSpan().IndexOf(key) >= 0), limit, options.MaxScan, cancellationToken);
        var messages = await rows.FromAsync(scan.Records.OrderBy(r => r.Message.Timestamp.UnixTimestampMs).ThenBy(r => r.Partition.Value).ThenBy(r => r.Offset.Value));
        return new BrowseResult(topic, messages, scan.Scanned, scan.Complete);
    }
}

internal sealed record BrowseQuery(int? Partition, long? Offset, string? Time, string? Key, int? Limit);

internal sealed record BrowseResult(string Topic, IReadOnlyList<MessageRow> Messages, int Scanned, bool Complete);
