using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Log;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Clients;

/// <summary>
/// Compacted topics through real clients (Confluent.Kafka and kcat) against a broker whose cleaner polls every
/// 50 ms: what a consumer from the start sees once the cleaner ran, tombstones, keyless records, a restart.
/// </summary>
public sealed class CompactionTests : IAsyncLifetime
{
    private static readonly TimeSpan CleanerTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-compaction-" + Guid.NewGuid().ToString("N"));
    private KafkaBroker _broker = null!;

    private string Bootstrap => _broker.BootstrapServers;

    public async ValueTask InitializeAsync() => _broker = await StartBrokerAsync();

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Task<KafkaBroker> StartBrokerAsync() =>
        KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = _dataDirectory, LogCleanerBackoffMs = 50 });

    private async Task CreateCompactedAsync(string topic, string deleteRetentionMs = "86400000")
    {
        using var admin = KafkaClients.Admin(Bootstrap);
        await admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = topic, NumPartitions = 1, ReplicationFactor = 1,
            Configs = new()
            {
                ["cleanup.policy"] = "compact", ["segment.bytes"] = "1024", ["min.cleanable.dirty.ratio"] = "0.01", ["delete.retention.ms"] = deleteRetentionMs,
            },
        }]);
    }

    /// <summary>Produces one record and returns it as written (the cleaner may remove it before any consumer reads it).</summary>
    private static async Task<(long Offset, string Key, string? Value)> ProduceAsync(IProducer<string, string> producer, string topic, string key, string? value) =>
        ((await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value! })).Offset.Value, key, value);

    /// <summary>Every record from the start of partition 0 up to its end, as a new consumer reads them.</summary>
    private List<(long Offset, string Key, string? Value)> ReadFromStart(string topic, IsolationLevel isolation = IsolationLevel.ReadCommitted)
    {
        var config = KafkaClients.ConsumerConfig(Bootstrap, "compaction-reader-" + Guid.NewGuid().ToString("N"));
        config.EnablePartitionEof = true;
        config.IsolationLevel = isolation;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<(long Offset, string Key, string? Value)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: true })
            {
                break;
            }

            if (result?.Message is { } message)
            {
                records.Add((result.Offset.Value, message.Key, message.Value));
            }
        }

        consumer.Close();
        return records;
    }

    private PartitionLog Partition(string topic) => _broker.Context.Topics.TryGet(topic, out var t) ? t.Partitions[0] : throw new InvalidOperationException(topic);

    /// <summary>Below the active segment one record per key, the latest; from it on everything as written.</summary>
    private static bool IsCompacted(List<(long Offset, string Key, string? Value)> records, long activeBase) =>
        records.Where(r => r.Offset < activeBase).GroupBy(r => r.Key).All(g => g.Count() == 1);

    [Fact]
    public async Task A_consumer_from_the_start_sees_only_the_latest_value_per_key_at_offsets_with_gaps()
    {
        const string topic = "compacted-latest";
        await CreateCompactedAsync(topic);
        var written = new List<(long Offset, string Key, string? Value)>();
        using (var producer = KafkaClients.Producer(Bootstrap))
        {
            for (var round = 0; round < 10; round++)
            {
                for (var key = 0; key < 10; key++)
                {
                    written.Add(await ProduceAsync(producer, topic, $"key-{key}", $"value-{key}-{round}"));
                }
            }

            written.Add(await ProduceAsync(producer, topic, "key-9", null));
            for (var i = 0; i < 20; i++)
            {
                written.Add(await ProduceAsync(producer, topic, $"filler-{i}", "rolls the segment of the tombstone"));
            }
        }

        var log = Partition(topic);
        Assert.Equal(Enumerable.Range(0, 121).Select(i => (long)i), written.Select(r => r.Offset));
        List<(long Offset, string Key, string? Value)> records = [];
        await Eventually.Until(() => IsCompacted(records = ReadFromStart(topic), log.ActiveSegmentBaseOffset), CleanerTimeout, () => $"{records.Count} records");

        var closed = records.Where(r => r.Offset < log.ActiveSegmentBaseOffset).ToDictionary(r => r.Key);
        for (var key = 0; key < 9; key++)
        {
            Assert.Equal($"value-{key}-9", closed[$"key-{key}"].Value);
            Assert.Equal(written.Last(r => r.Key == $"key-{key}").Offset, closed[$"key-{key}"].Offset);
        }

        Assert.Null(closed["key-9"].Value); // the tombstone stays for delete.retention.ms (a day here)
        Assert.True(records.Zip(records.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
        Assert.True(records.Count < written.Count);
        Assert.Equal(121, log.LogEndOffset);
        Assert.Equal(written.Where(r => r.Offset >= log.ActiveSegmentBaseOffset), records.Where(r => r.Offset >= log.ActiveSegmentBaseOffset));
    }

    [Fact]
    public async Task Tombstones_are_gone_after_delete_retention_ms()
    {
        const string topic = "compacted-tombstones";
        await CreateCompactedAsync(topic, deleteRetentionMs: "300");
        using (var producer = KafkaClients.Producer(Bootstrap))
        {
            await ProduceAsync(producer, topic, "deleted", "value");
            await ProduceAsync(producer, topic, "deleted", null);
            for (var i = 0; i < 30; i++)
            {
                await ProduceAsync(producer, topic, $"other-{i % 5}", $"value-{i}");
            }
        }

        List<(long Offset, string Key, string? Value)> records = [];
        await Eventually.Until(() => (records = ReadFromStart(topic)).All(r => r.Key != "deleted"), CleanerTimeout, () => string.Join(", ", records.Where(r => r.Key == "deleted")));
        Assert.Contains(records, r => r.Key == "other-4");
    }

    [Fact]
    public async Task A_record_without_a_key_is_refused_with_InvalidRecord()
    {
        const string topic = "compacted-keyless";
        await CreateCompactedAsync(topic);
        using var producer = KafkaClients.Producer(Bootstrap, c => c.EnableIdempotence = false);

        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, new Message<string, string> { Key = null!, Value = "no key" }));

        Assert.Equal(ErrorCode.InvalidRecord, ex.Error.Code);
        Assert.Equal(0, Partition(topic).LogEndOffset);
        await ProduceAsync(producer, topic, "with-key", "accepted");
    }

    [Fact]
    public async Task Kcat_writes_values_and_tombstones_and_reads_the_compacted_topic_back()
    {
        const string topic = "compacted-kcat";
        await CreateCompactedAsync(topic);
        var lines = new StringBuilder();
        for (var round = 0; round < 8; round++)
        {
            for (var key = 0; key < 8; key++)
            {
                lines.Append($"k{key}:v{key}-{round}\n");
            }
        }

        lines.Append("k7:\n"); // -Z: an empty value is a tombstone
        for (var i = 0; i < 20; i++)
        {
            lines.Append($"tail{i}:x\n");
        }

        var file = Path.Combine(_dataDirectory, "kcat-input.txt");
        await File.WriteAllTextAsync(file, lines.ToString());
        await Kcat.Kcat.RunAsync(["-b", Bootstrap, "-P", "-t", topic, "-K:", "-Z", "-X", "batch.num.messages=1", "-l", file]);

        var log = Partition(topic);
        string[] read = [];
        await Eventually.Until(
            () =>
            {
                read = Kcat.Kcat.RunAsync(["-b", Bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o %k %S %s\n"]).GetAwaiter().GetResult().StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var records = read.Select(Parse).ToList();
                return records.Any(r => r.Key == "k7" && r.Value is null) && IsCompacted(records, log.ActiveSegmentBaseOffset);
            },
            CleanerTimeout,
            () => $"{read.Length} lines");

        var closed = read.Select(Parse).Where(r => r.Offset < log.ActiveSegmentBaseOffset).ToDictionary(r => r.Key);
        Assert.Equal("v3-7", closed["k3"].Value);
        Assert.Null(closed["k7"].Value);
        Assert.Equal(64, closed["k7"].Offset);
        Assert.Equal(["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"], closed.Keys.Where(k => k.Length == 2).Order(StringComparer.Ordinal));

        // "%o %k %S %s": a null value has size -1 (a tombstone).
        static (long Offset, string Key, string? Value) Parse(string line)
        {
            var parts = line.Split(' ', 4);
            return (long.Parse(parts[0]), parts[1], parts[2] == "-1" ? null : parts[3]);
        }
    }

    [Fact]
    public async Task After_a_restart_and_a_pass_killed_mid_clean_the_compacted_log_reads_the_same()
    {
        const string topic = "compacted-restart";
        await CreateCompactedAsync(topic);
        using (var producer = KafkaClients.Producer(Bootstrap))
        {
            for (var i = 0; i < 100; i++)
            {
                await ProduceAsync(producer, topic, $"key-{i % 7}", $"value-{i}");
            }
        }

        var log = Partition(topic);
        List<(long Offset, string Key, string? Value)> before = [];
        await Eventually.Until(() => IsCompacted(before = ReadFromStart(topic), log.ActiveSegmentBaseOffset), CleanerTimeout, () => $"{before.Count} records");
        var directory = log.Directory;
        await _broker.DisposeAsync();

        // What a kill -9 in the middle of the next pass leaves: half-written cleaned files and an undecided swap.
        var firstSegment = Directory.GetFiles(directory, "*" + LogFiles.LogSuffix).Order(StringComparer.Ordinal).First();
        await File.WriteAllBytesAsync(firstSegment + LogFiles.CleanedSuffix, new byte[300]);
        await File.WriteAllBytesAsync(Path.ChangeExtension(firstSegment, LogFiles.IndexSuffix) + LogFiles.SwapSuffix, new byte[16]);

        _broker = await StartBrokerAsync();
        Assert.Equal(before, ReadFromStart(topic));
        Assert.Empty(Directory.GetFiles(directory, "*" + LogFiles.CleanedSuffix));
        Assert.Empty(Directory.GetFiles(directory, "*" + LogFiles.SwapSuffix));
        using var again = KafkaClients.Producer(Bootstrap);
        await ProduceAsync(again, topic, "key-0", "after-restart");
        Assert.Equal("after-restart", ReadFromStart(topic)[^1].Value);
    }

    [Fact]
    public async Task Aborted_records_are_cleaned_away_and_markers_of_emptied_transactions_go_after_delete_retention_ms()
    {
        const string topic = "compacted-transactions";
        await CreateCompactedAsync(topic, deleteRetentionMs: "300");
        using (var transactional = Transactions.TransactionalClients.Producer(Bootstrap, "compacted-transactions"))
        {
            transactional.BeginTransaction();
            await ProduceAsync(transactional, topic, "a", "a1");
            transactional.CommitTransaction(TimeSpan.FromSeconds(30));
            transactional.BeginTransaction();
            await ProduceAsync(transactional, topic, "a", "a-aborted");
            await ProduceAsync(transactional, topic, "c", "c-aborted");
            transactional.AbortTransaction(TimeSpan.FromSeconds(30));
            transactional.BeginTransaction();
            await ProduceAsync(transactional, topic, "a", "a2");
            await ProduceAsync(transactional, topic, "b", "b1");
            transactional.CommitTransaction(TimeSpan.FromSeconds(30));
        }

        using (var producer = KafkaClients.Producer(Bootstrap))
        {
            for (var i = 0; i < 30; i++)
            {
                await ProduceAsync(producer, topic, $"filler-{i % 5}", $"value-{i}");
            }
        }

        // a1 at 0 and its COMMIT at 1; the aborted pair at 2-3 and its ABORT at 4; a2, b1 at 5-6 and their COMMIT at 7.
        var log = Partition(topic);
        List<long> markers = [];
        await Eventually.Until(() => (markers = Log.CompactedRecords.MarkerOffsets(log)).SequenceEqual([7L]), CleanerTimeout, () => $"markers at {string.Join(", ", markers)}");

        foreach (var isolation in new[] { IsolationLevel.ReadUncommitted, IsolationLevel.ReadCommitted })
        {
            var records = ReadFromStart(topic, isolation);
            Assert.Equal([(5L, "a", (string?)"a2"), (6L, "b", "b1")], records.Where(r => r.Offset < 8));
            Assert.DoesNotContain(records, r => r.Value is "a-aborted" or "c-aborted" or "a1");
            Assert.True(records.Zip(records.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"filler-{i}"), records.Where(r => r.Offset >= 8).Select(r => r.Key).Distinct().Order());
        }
    }
}
