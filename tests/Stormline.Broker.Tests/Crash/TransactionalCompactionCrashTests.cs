using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Transactions;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// <c>stormline broker</c> with a cleaner running every 10 ms on a compacted topic with small segments, SIGKILLed three
/// times while a transactional producer overwrites 40 keys, committing two transactions in three and aborting the
/// third: kills land in cleaning passes, swaps and open transactions. Afterwards read_committed must show no record of
/// an aborted transaction, every key's latest committed value, and a subsequence of what read_uncommitted shows, which
/// must hold every committed record the cleaner kept.
/// </summary>
public sealed class TransactionalCompactionCrashTests
{
    private const string Topic = "txn-compacted-crash";
    private const int Keys = 40;
    private const int PerTransaction = 5;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _committed = [];
    private readonly HashSet<int> _aborted = [];
    private readonly HashSet<int> _uncertain = [];

    [Fact]
    public async Task Compaction_killed_mid_clean_keeps_read_committed_and_read_uncommitted_consistent()
    {
        var output = TestContext.Current.TestOutputHelper;
        await BrokerProcess.RunAsync(BrokerProcess.NewDataDirectory("stormline-txn-compaction-crash"), ["log.cleaner.backoff.ms=10", "transaction.abort.timed.out.transaction.cleanup.interval.ms=100"], async broker =>
        {
            await broker.StartAsync();
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification
                {
                    Name = Topic, NumPartitions = 1, ReplicationFactor = 1,
                    Configs = new() { ["cleanup.policy"] = "compact", ["segment.bytes"] = "8192", ["min.cleanable.dirty.ratio"] = "0.01", ["delete.retention.ms"] = "0" },
                }]);
            }

            var random = new Random(20_261_208);
            using var stop = new CancellationTokenSource();
            var producing = Task.Run(() => Produce(broker.BootstrapServers, stop.Token));
            await broker.KillRepeatedlyAsync(3, random);

            await Task.Delay(1_000);
            await stop.CancelAsync();
            await producing.WaitAsync(TimeSpan.FromSeconds(60));
            // Let the cleaner pass over the end once more, then read.
            await Task.Delay(1_000);

            var committedView = TransactionalClients.ReadToEnd(broker.BootstrapServers, Topic, 1, IsolationLevel.ReadCommitted)[0];
            var uncommittedView = TransactionalClients.ReadToEnd(broker.BootstrapServers, Topic, 1, IsolationLevel.ReadUncommitted)[0];
            var cleaned = broker.Output.Split(Environment.NewLine).Count(l => l.Contains("Cleaned ", StringComparison.Ordinal));
            output?.WriteLine($"{_committed.Count} committed, {_aborted.Count} aborted, {_uncertain.Count} uncertain transactions; {committedView.Count} records read_committed, {uncommittedView.Count} read_uncommitted; {cleaned} cleaning passes");
            Assert.True(_committed.Count > 20, $"only {_committed.Count} transactions committed");
            Assert.True(_aborted.Count > 5, $"only {_aborted.Count} transactions aborted");
            Assert.True(cleaned > 0, "the cleaner never ran");
            Assert.True(uncommittedView.Count < (_committed.Count + _aborted.Count + _uncertain.Count) * PerTransaction, "the cleaner removed nothing");

            Assert.DoesNotContain(committedView, v => _aborted.Contains(Transaction(v)));
            AssertSubsequence(committedView, uncommittedView);
            Assert.Equal(uncommittedView.Where(v => _committed.Contains(Transaction(v))), committedView.Where(v => _committed.Contains(Transaction(v))));

            // Latest per key: no committed transaction wrote the key after the value read_committed ends with.
            var latest = committedView.GroupBy(Key).ToDictionary(g => g.Key, g => Transaction(g.Last()));
            foreach (var n in _committed)
            {
                for (var j = 0; j < PerTransaction; j++)
                {
                    var key = KeyOf(n, j);
                    Assert.True(latest.TryGetValue(key, out var last) && last >= n, $"{key}: committed by transaction {n}, read_committed ends with transaction {(latest.TryGetValue(key, out var l) ? l : -1)}");
                }
            }
        });
    }

    private static string KeyOf(int transaction, int index) => $"k{((transaction * PerTransaction) + index) % Keys}";

    private static int Transaction(string value) => int.Parse(value.AsSpan(0, value.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    private static string Key(string value) => KeyOf(Transaction(value), int.Parse(value.AsSpan(value.IndexOf(':', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture));

    private static void AssertSubsequence(List<string> part, List<string> whole)
    {
        var at = 0;
        foreach (var value in part)
        {
            while (at < whole.Count && whole[at] != value)
            {
                at++;
            }

            Assert.True(at < whole.Count, $"{value} is visible to read_committed but not, in that order, to read_uncommitted");
            at++;
        }
    }

    /// <summary>Transaction n writes "n:0".."n:4" to five keys; n % 3 == 2 aborts. An error leaves the outcome uncertain.</summary>
    private void Produce(string bootstrap, CancellationToken stop)
    {
        IProducer<string, string>? producer = null;
        try
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                producer ??= Create(bootstrap);
                var commit = n % 3 != 2;
                try
                {
                    producer.BeginTransaction();
                    for (var j = 0; j < PerTransaction; j++)
                    {
                        producer.Produce(Topic, new Message<string, string> { Key = KeyOf(n, j), Value = string.Create(CultureInfo.InvariantCulture, $"{n}:{j}") });
                    }

                    if (commit)
                    {
                        producer.CommitTransaction(TimeSpan.FromSeconds(30));
                    }
                    else
                    {
                        producer.AbortTransaction(TimeSpan.FromSeconds(30));
                    }

                    Record(commit ? _committed : _aborted, n);
                }
                catch (KafkaException)
                {
                    // Decided or not before the error: only the logs can tell. A new producer aborts what is open.
                    Record(_uncertain, n);
                    producer.Dispose();
                    producer = null;
                }

                Thread.Sleep(5);
            }
        }
        finally
        {
            producer?.Dispose();
        }
    }

    private void Record(HashSet<int> outcome, int transaction)
    {
        lock (_gate)
        {
            outcome.Add(transaction);
        }
    }

    private static IProducer<string, string> Create(string bootstrap)
    {
        while (true)
        {
            var config = new ProducerConfig
            {
                BootstrapServers = bootstrap, TransactionalId = "txn-compaction", TransactionTimeoutMs = 20_000, MessageTimeoutMs = 20_000,
                SocketTimeoutMs = 5_000, LingerMs = 1, ReconnectBackoffMs = 20, ReconnectBackoffMaxMs = 200, RetryBackoffMs = 20,
            };
            // No re-bootstrap while the only broker is down (see TransformWorker).
            config.Set("metadata.recovery.strategy", "none");
            var producer = new ProducerBuilder<string, string>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
            try
            {
                producer.InitTransactions(TimeSpan.FromSeconds(20));
                return producer;
            }
            catch (KafkaException)
            {
                producer.Dispose();
                Thread.Sleep(100);
            }
        }
    }
}
