using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Kafka;
using Stormline.OpsConsole.Messages;
using Stormline.Messaging.Headers;

namespace Stormline.OpsConsole.DeadLetters;

/// <summary>
/// Dead letters on every <c>*.dlq</c> topic, and their redrive: the original key, value and headers (without the
/// <c>dlq-*</c> ones) go back to the original topic, then a marker keyed by the dead letter's position is written to
/// <see cref="MarkerTopic"/>, so the same dead letter is never redriven twice (by this console or another).
/// </summary>
internal sealed class DeadLetterQueue(KafkaClients clients, TopicsReader topics, PartitionScanner scanner, MessageRows rows, ConsoleOptions options)
{
    public const string Suffix = ".dlq";
    public const string MarkerTopic = "__stormline_redrives";

    private readonly SemaphoreSlim _redriving = new(1, 1);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        var metadata = topics.Metadata();
        var partitions = metadata.Topics.Where(t => t.Topic.EndsWith(Suffix, StringComparison.Ordinal))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();
        var offsets = await topics.OffsetsAsync(partitions);
        var scan = await scanner.ScanAsync(partitions.Select(tp => new ScanRange(tp, Math.Max(offsets[tp].Earliest, offsets[tp].Latest - options.MaxScan), offsets[tp].Latest)).ToList(),
            _ => true, options.MaxScan, options.MaxScan, cancellationToken);
        var redriven = await MarkersAsync(cancellationToken);
        var letters = await rows.FromAsync(scan.Records.OrderByDescending(r => r.Message.Timestamp.UnixTimestampMs));
        return letters.Select(m => new DeadLetter(m, OriginalTopic(m), m.Header(DeadLetterHeaders.Error), m.Header(DeadLetterHeaders.ExceptionType),
            redriven.GetValueOrDefault(Position(m.Topic, m.Partition, m.Offset)))).ToList();
    }

    public async Task<RedriveResult> RedriveAsync(string topic, int partition, long offset, CancellationToken cancellationToken)
    {
        if (!topic.EndsWith(Suffix, StringComparison.Ordinal))
        {
            throw ConsoleProblem.BadRequest($"'{topic}' is not a dead-letter topic (those end in {Suffix}).");
        }

        var meta = topics.Find(topic);
        if (!meta.Partitions.Any(p => p.PartitionId == partition))
        {
            throw ConsoleProblem.NotFound($"Topic '{topic}' has no partition {partition}.");
        }

        var tp = new TopicPartition(topic, partition);
        await _redriving.WaitAsync(cancellationToken);
        try
        {
            var scan = await scanner.ScanAsync([new ScanRange(tp, offset, offset + 1)], _ => true, 1, 1, cancellationToken);
            var record = scan.Records.FirstOrDefault(r => r.Offset.Value == offset)
                ?? throw ConsoleProblem.NotFound($"{topic}[{partition}] has no message at offset {offset}.");
            var position = Position(topic, partition, offset);
            if ((await MarkersAsync(cancellationToken)).TryGetValue(position, out var earlier))
            {
                throw ConsoleProblem.Conflict($"{position} was already redriven ({earlier}); it is not sent twice.");
            }

            var letter = await rows.FromAsync(record);
            var target = OriginalTopic(letter);
            topics.Find(target);
            var headers = new Headers();
            foreach (var header in record.Message.Headers ?? [])
            {
                if (!header.Key.StartsWith("dlq-", StringComparison.Ordinal))
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }

            // The marker topic first: once the original is produced, nothing may stop the marker being written.
            await EnsureMarkerTopicAsync();
            using var producer = clients.Producer();
            var sent = await producer.ProduceAsync(target, new Message<byte[]?, byte[]?> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers }, cancellationToken);
            var marker = $"{target}[{sent.Partition.Value}]@{sent.Offset.Value} at {DateTimeOffset.UtcNow:O}";
            await producer.ProduceAsync(MarkerTopic, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(position), Value = Encoding.UTF8.GetBytes(marker) }, CancellationToken.None);
            return new RedriveResult(position, target, sent.Partition.Value, sent.Offset.Value);
        }
        finally
        {
            _redriving.Release();
        }
    }

    private static string Position(string topic, int partition, long offset) => $"{topic}[{partition}]@{offset}";

    private static string OriginalTopic(MessageRow letter) =>
        letter.Header(DeadLetterHeaders.OriginalTopic) is { Length: > 0 } named ? named : letter.Topic[..^Suffix.Length];

    /// <summary>Every redrive so far, by dead-letter position.</summary>
    private async Task<Dictionary<string, string>> MarkersAsync(CancellationToken cancellationToken)
    {
        var meta = topics.Metadata().Topics.FirstOrDefault(t => t.Topic == MarkerTopic);
        if (meta is null || meta.Partitions.Count == 0)
        {
            return [];
        }

        var partitions = meta.Partitions.Select(p => new TopicPartition(MarkerTopic, p.PartitionId)).ToList();
        var offsets = await topics.OffsetsAsync(partitions);
        var scan = await scanner.ScanAsync(partitions.Select(tp => new ScanRange(tp, offsets[tp].Earliest, offsets[tp].Latest)).ToList(), _ => true, int.MaxValue, int.MaxValue, cancellationToken);
        if (!scan.Complete)
        {
            throw new InvalidOperationException($"Could not read all of {MarkerTopic}; refusing to redrive without knowing what was redriven.");
        }

        var markers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in scan.Records.Where(r => r.Message.Key is not null))
        {
            markers[Encoding.UTF8.GetString(r.Message.Key!)] = r.Message.Value is null ? "" : Encoding.UTF8.GetString(r.Message.Value);
        }

        return markers;
    }

    private async Task EnsureMarkerTopicAsync()
    {
        try
        {
            await clients.Admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = MarkerTopic, NumPartitions = 1, ReplicationFactor = 1,
                // Kept forever: a marker that expired would let its dead letter be redriven again.
                Configs = new Dictionary<string, string> { ["retention.ms"] = "-1" },
            }]);
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists))
        {
        }
    }
}

internal sealed record DeadLetter(MessageRow Message, string OriginalTopic, string? Error, string? ExceptionType, string? RedrivenTo);

internal sealed record RedriveResult(string DeadLetter, string Topic, int Partition, long Offset);
