using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Transactions;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// Exactly-once consume-transform-produce across SIGKILLs of <c>stormline broker</c>: a <see cref="TransformWorker"/>
/// turns numbered input records into output records, one transaction per batch with the input offsets in it, while the
/// broker process is killed three times mid-stream and restarted on the same port and data folder. After each restart
/// the worker resumes from what the broker committed for its group, and around the second kill it abandons an open
/// transaction and goes on with a new producer of the same transactional id, so a lost commit marker, a lost
/// transactional offset commit, a half-visible or a resurrected transaction shows up as a stall, a duplicate, a gap or
/// a reordering in the output.
/// </summary>
public sealed class ExactlyOnceCrashTests
{
    private const string Input = "eos-in";
    private const string Output = "eos-out";
    private const string Group = "eos-group";
    private const int Partitions = 3;
    private const int PerPartition = 200;
    private const int Kills = 3;

    [Fact]
    public async Task Consume_transform_produce_stays_exactly_once_across_SIGKILLs_of_the_broker()
    {
        var log = TestContext.Current.TestOutputHelper;
        await BrokerProcess.RunAsync(BrokerProcess.NewDataDirectory("stormline-eos-crash"), ["transaction.abort.timed.out.transaction.cleanup.interval.ms=100"], async broker =>
        {
            await broker.StartAsync();
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, Input, Partitions);
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, Output, Partitions);
            FillInput(broker.BootstrapServers);

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            using var worker = new TransformWorker(broker.BootstrapServers, Input, Output, Group, "eos-worker", [.. Enumerable.Repeat((long)PerPartition, Partitions)]);
            var running = Task.Run(() => worker.Run(deadline.Token));
            var random = new Random(20_261_207);
            var watch = Stopwatch.StartNew();
            for (var kill = 1; kill <= Kills; kill++)
            {
                // Kill once the worker is a quarter further, a few milliseconds into whatever it is doing then.
                var threshold = kill * Partitions * PerPartition / (Kills + 1);
                worker.PauseAt(threshold);
                while (!worker.Paused)
                {
                    Assert.False(running.IsCompleted, $"the worker stopped before {threshold} inputs: {running.Exception}");
                    Assert.False(deadline.IsCancellationRequested, $"the worker committed only {worker.Committed} inputs");
                    await Task.Delay(2);
                }

                if (kill == 2)
                {
                    worker.RequestCrash();
                }

                worker.Resume();
                await Task.Delay(random.Next(0, 30));
                broker.Kill();
                await Task.Delay(random.Next(0, 300));
                await broker.StartAsync();
                worker.RequestRewind();
            }

            await running.WaitAsync(TimeSpan.FromSeconds(60));
            log?.WriteLine($"{Kills} kills in {watch.Elapsed.TotalSeconds:F1} s: {worker.Committed} inputs committed (re-reads included), {worker.Aborts} aborts, {worker.Abandoned} abandoned, {worker.Rewinds} rewinds, {worker.ProducersCreated} producers");

            var outputs = TransactionalClients.ReadToEnd(broker.BootstrapServers, Output, Partitions, IsolationLevel.ReadCommitted);
            for (var p = 0; p < Partitions; p++)
            {
                var expected = Enumerable.Range(0, PerPartition).Select(i => Transformed(p, i));
                Assert.Equal(expected, outputs[p]);
            }

            // The abandoned transaction's outputs are in the log, aborted: only read_uncommitted sees them.
            Assert.Equal(1, worker.Abandoned);
            Assert.True(TransactionalClients.ReadToEnd(broker.BootstrapServers, Output, Partitions, IsolationLevel.ReadUncommitted).Sum(p => p.Count) > Partitions * PerPartition, "no aborted outputs in the log");

            using var group = TransactionalClients.Consumer(broker.BootstrapServers, IsolationLevel.ReadCommitted, Group);
            var committed = group.Committed([.. Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Input, p))], TimeSpan.FromSeconds(10));
            Assert.All(committed, c => Assert.Equal(PerPartition, c.Offset.Value));
        });
    }

    private static string Transformed(int partition, int index) => "out " + Numbered(partition, index);

    private static string Numbered(int partition, int index) => string.Create(CultureInfo.InvariantCulture, $"{partition}:{index}");

    private static void FillInput(string bootstrap)
    {
        using var producer = KafkaClients.Producer(bootstrap);
        for (var p = 0; p < Partitions; p++)
        {
            for (var i = 0; i < PerPartition; i++)
            {
                producer.Produce(new TopicPartition(Input, p), new Message<string, string> { Key = Numbered(p, i), Value = Numbered(p, i) });
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
