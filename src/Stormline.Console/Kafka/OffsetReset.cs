using System.Globalization;
using Confluent.Kafka;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.Kafka;

/// <summary>
/// Moves a group's committed offsets to the earliest, the latest, a given offset or the first offset at a time. Kafka only lets an
/// empty group's offsets be altered (members would overwrite them), so a group with members is refused with 409.
/// </summary>
internal sealed class OffsetReset(KafkaClients clients, TopicsReader topics, GroupsReader groups)
{
    public async Task<ResetResult> ResetAsync(string group, ResetRequest request)
    {
        var target = Parse(request);
        var detail = await groups.DetailAsync(group);
        if (detail.Members.Count > 0 || detail.State is not ("Empty" or "Dead"))
        {
            throw ConsoleProblem.Conflict($"Consumer group '{group}' is {detail.State} with {detail.Members.Count} member(s); Kafka only resets the offsets of an empty group. Stop its consumers first.");
        }

        var partitions = detail.Partitions.Select(p => new TopicPartition(p.Topic, p.Partition)).ToList();
        if (request.Topic is { Length: > 0 } topic)
        {
            topics.Find(topic);
            partitions = partitions.Where(p => p.Topic == topic).ToList();
            if (partitions.Count == 0)
            {
                partitions = topics.Find(topic).Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
            }
        }

        if (partitions.Count == 0)
        {
            throw ConsoleProblem.BadRequest($"Consumer group '{group}' has no committed offsets; name a topic to reset it on.");
        }

        var committed = detail.Partitions.ToDictionary(p => new TopicPartition(p.Topic, p.Partition), p => p.Committed);
        var offsets = await topics.OffsetsAsync(partitions);
        var byTime = target.Time is { } time ? await topics.OffsetsForTimeAsync(partitions, time) : null;
        // As kafka-consumer-groups --to-offset: an offset outside a partition's range lands on its nearest end.
        var moves = partitions.Select(tp =>
        {
            var o = offsets[tp];
            var to = target.Kind switch
            {
                "earliest" => o.Earliest,
                "latest" => o.Latest,
                "offset" => Math.Clamp(request.Offset!.Value, o.Earliest, o.Latest),
                _ => byTime![tp] < 0 ? o.Latest : byTime[tp],
            };
            return new TopicPartitionOffset(tp, new Offset(to));
        }).ToList();
        await clients.Admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, moves)]);
        return new ResetResult(group, target.Kind, moves.Select(m => new ResetMove(m.Topic, m.Partition.Value, m.Offset.Value, committed.GetValueOrDefault(m.TopicPartition))).ToList());
    }

    private static (string Kind, DateTimeOffset? Time) Parse(ResetRequest request)
    {
        switch (request.To?.Trim().ToLowerInvariant())
        {
            case "earliest":
                return ("earliest", null);
            case "latest":
                return ("latest", null);
            case "offset":
                return request.Offset is >= 0
                    ? ("offset", null)
                    : throw ConsoleProblem.BadRequest("A reset to an offset needs 'offset', a whole number of at least 0.");
            case "timestamp":
                if (string.IsNullOrWhiteSpace(request.Timestamp))
                {
                    throw ConsoleProblem.BadRequest("A reset to a timestamp needs 'timestamp' (ISO 8601, e.g. 2026-11-25T12:00:00Z, or Unix milliseconds).");
                }

                return ("timestamp", ParseTime(request.Timestamp));
            default:
                throw ConsoleProblem.BadRequest($"'to' must be earliest, latest, offset or timestamp (got '{request.To}').");
        }
    }

    /// <summary>ISO 8601 or Unix milliseconds; anything else is a 400 naming the accepted forms.</summary>
    public static DateTimeOffset ParseTime(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(millis);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw ConsoleProblem.BadRequest($"'{text}' is not a time; use ISO 8601 (2026-11-25T12:00:00Z) or Unix milliseconds.");
    }
}

internal sealed record ResetRequest(string? To, string? Timestamp, string? Topic, long? Offset = null);

/// <summary>A partition moved to <paramref name="Offset"/>; <paramref name="Before"/> is what was committed (null: nothing).</summary>
internal sealed record ResetMove(string Topic, int Partition, long Offset, long? Before);

internal sealed record ResetResult(string Group, string To, IReadOnlyList<ResetMove> Partitions);
