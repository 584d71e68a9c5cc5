using System.Data.Common;
using Confluent.Kafka;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sql;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// The consumer loop. Each assigned partition has its own worker that handles its records in batches: one store
/// transaction per batch holds the inbox marks (so a redelivered event id is dropped), every aggregate append and
/// outbox row the handlers make, and their own writes; then the batch's offset is committed. Order holds per
/// partition (hence per key) while partitions run in parallel. Failures are told apart (<see cref="FailureKind"/>):
/// transient ones make the partition wait and retry, permanent ones go to "&lt;topic&gt;.dlq" with the reason.
/// </summary>
public sealed class EventConsumer
{
    private readonly ConsumerConfig _consumerConfig;
    private readonly EventConsumerOptions _options;
    private readonly BatchHandler _handler;

    public EventConsumer(SqlStore store, EventSerializer serializer, ConsumerConfig consumerConfig, IProducer<string, byte[]> deadLetterProducer,
        EventConsumerOptions options, Func<ConsumedEvent, EventContext, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _consumerConfig = consumerConfig;
        _options = options;
        _handler = new BatchHandler(store, serializer, options, handler, new DeadLetterWriter(deadLetterProducer, options), Health);
    }

    /// <summary>A consumer whose handler needs only the batch's transaction.</summary>
    public EventConsumer(SqlStore store, EventSerializer serializer, ConsumerConfig consumerConfig, IProducer<string, byte[]> deadLetterProducer,
        EventConsumerOptions options, Func<ConsumedEvent, DbTransaction, CancellationToken, Task> handler)
        : this(store, serializer, consumerConfig, deadLetterProducer, options, (e, context, ct) => handler(e, context.Transaction, ct))
    {
    }

    /// <summary>Partitions stuck on a failing event, for readiness checks.</summary>
    public PartitionHealth Health { get; } = new();

    /// <summary>
    /// Consumer settings with manual commits only: an offset is committed after its batch was handled or
    /// dead-lettered. With <paramref name="groupInstanceId"/> the consumer is a static member (KIP-345): a restarted
    /// replica with the same id gets its partitions back without a rebalance, if it returns within the session timeout.
    /// </summary>
    public static ConsumerConfig ConsumerConfig(string bootstrapServers, string groupId, string? groupInstanceId = null) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        GroupInstanceId = string.IsNullOrWhiteSpace(groupInstanceId) ? null : groupInstanceId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    };

    /// <summary>Consumes until cancelled: one ordered worker per assigned partition, partitions in parallel.</summary>
    public async Task Run(CancellationToken cancellationToken)
    {
        var workers = new Dictionary<TopicPartition, PartitionWorker>();
        var paused = new HashSet<TopicPartition>();
        void Stop(IEnumerable<TopicPartition> partitions)
        {
            var stopping = partitions.Where(workers.ContainsKey).Select(p => (Partition: p, Worker: workers[p])).ToList();
            foreach (var (_, worker) in stopping) worker.Stop();
            // Wait for in-flight batches so the next owner does not handle them at the same time.
            Task.WhenAll(stopping.Select(s => s.Worker.Completion)).GetAwaiter().GetResult();
            foreach (var (partition, _) in stopping)
            {
                workers.Remove(partition);
                paused.Remove(partition);
                Health.Healthy(partition);
            }
        }

        using var consumer = new ConsumerBuilder<string, byte[]>(_consumerConfig)
            .SetPartitionsRevokedHandler((_, revoked) => Stop(revoked.Select(r => r.TopicPartition)))
            .SetPartitionsLostHandler((_, lost) => Stop(lost.Select(l => l.TopicPartition)))
            .Build();
        consumer.Subscribe(_options.Topic);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    // Returns at once while records flow; the timeout only paces an idle loop.
                    result = consumer.Consume(paused.Count > 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1));
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    continue; // e.g. the topic does not exist yet: the client keeps trying, and so do we
                }

                if (result?.Message is not null && !result.IsPartitionEOF)
                {
                    if (!workers.TryGetValue(result.TopicPartition, out var worker))
                        workers[result.TopicPartition] = worker = new PartitionWorker(consumer, _handler, _options, Health, cancellationToken);
                    worker.Enqueue(result);
                    if (worker.Backlog >= _options.MaxBacklog && paused.Add(result.TopicPartition))
                        consumer.Pause([result.TopicPartition]); // a slow partition must not fill memory
                }

                if (paused.Count > 0)
                {
                    var drained = paused.Where(p => workers[p].Backlog <= _options.MaxBacklog / 2).ToList();
                    if (drained.Count > 0)
                    {
                        consumer.Resume(drained);
                        paused.ExceptWith(drained);
                    }
                }
            }
        }
        finally
        {
            foreach (var worker in workers.Values) worker.Stop();
            await Task.WhenAll(workers.Values.Select(w => w.Completion));
            consumer.Close();
        }
    }
}
