using Confluent.Kafka;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// A consume-transform-produce loop written as an exactly-once application writes it with Confluent.Kafka: a
/// transactional producer and a read_committed consumer without auto-commit; per batch BeginTransaction, the
/// transformed records, SendOffsetsToTransaction, CommitTransaction. Abortable errors abort and rewind the consumer to
/// the group's committed offsets; fatal ones (fenced included) replace the producer, whose InitTransactions aborts
/// what the old one left open. Input record "p:i" of partition p becomes "out p:i" in output partition p.
/// It stops once the group's committed offsets reach <paramref name="end"/> in every input partition.
/// </summary>
public sealed class TransformWorker(string bootstrap, string input, string output, string group, string transactionalId, long[] end) : IDisposable
{
    private const int BatchSize = 10;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private readonly long[] _position = new long[end.Length];
    private IConsumer<string, string>? _consumer;
    private IProducer<string, string>? _producer;
    private volatile bool _rewindRequested;
    private volatile bool _crashRequested;
    private long _committed;
    private long _pauseAt = long.MaxValue;
    private volatile bool _paused;
    private readonly ManualResetEventSlim _resume = new(true);

    /// <summary>Input records whose transaction committed (as this worker saw it: counted again after a rewind).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    public int Aborts { get; private set; }

    public int ProducersCreated { get; private set; }

    public int Rewinds { get; private set; }

    /// <summary>Transactions the worker left open, as a crashed application does (<see cref="RequestCrash"/>).</summary>
    public int Abandoned { get; private set; }

    /// <summary>
    /// Before its next batch the worker forgets its consumer's position and resumes from the offsets the broker has
    /// committed for the group, as a restarted application does: what the broker lost in a crash then shows up as a
    /// duplicate or a gap instead of being covered by the worker's memory.
    /// </summary>
    public void RequestRewind() => _rewindRequested = true;

    /// <summary>
    /// In its next transaction, once the outputs are on the broker, the worker drops its producer without ending the
    /// transaction, as a crashed application leaves it, and goes on from the committed offsets with a new producer of
    /// the same transactional id, whose InitTransactions must abort what the old one left open.
    /// </summary>
    public void RequestCrash() => _crashRequested = true;

    /// <summary>
    /// The worker stops before its next batch once <see cref="Committed"/> reaches <paramref name="committed"/>, until
    /// <see cref="Resume"/>: a test then acts at a known point however fast the worker runs (a busy test thread once
    /// looked only after the worker had finished everything).
    /// </summary>
    public void PauseAt(long committed)
    {
        _resume.Reset();
        Interlocked.Exchange(ref _pauseAt, committed);
    }

    /// <summary>Whether the worker is waiting at the point <see cref="PauseAt"/> set.</summary>
    public bool Paused => _paused;

    public void Resume()
    {
        Interlocked.Exchange(ref _pauseAt, long.MaxValue);
        _resume.Set();
    }

    public void Run(CancellationToken cancellationToken)
    {
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = group, IsolationLevel = IsolationLevel.ReadCommitted, EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest, SocketTimeoutMs = 5_000, ReconnectBackoffMs = 20, ReconnectBackoffMaxMs = 200,
            RetryBackoffMs = 20,
        };
        consumerConfig.Set("metadata.recovery.strategy", "none");
        _consumer = new ConsumerBuilder<string, string>(consumerConfig).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        Rewind(cancellationToken);
        while (!_position.SequenceEqual(end))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Committed >= Interlocked.Read(ref _pauseAt))
            {
                _paused = true;
                _resume.Wait(cancellationToken);
                _paused = false;
            }

            if (_rewindRequested)
            {
                _rewindRequested = false;
                Rewind(cancellationToken);
            }

            var batch = NextBatch();
            if (batch.Count > 0)
            {
                Transform(batch, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        _resume.Dispose();
        _producer?.Dispose();
        _consumer?.Close();
        _consumer?.Dispose();
    }

    private List<ConsumeResult<string, string>> NextBatch()
    {
        var batch = new List<ConsumeResult<string, string>>();
        while (batch.Count < BatchSize && _consumer!.Consume(TimeSpan.FromMilliseconds(batch.Count == 0 ? 200 : 20)) is { } record)
        {
            if (record.Message is not null && !record.IsPartitionEOF)
            {
                batch.Add(record);
            }
        }

        return batch;
    }

    private void Transform(List<ConsumeResult<string, string>> batch, CancellationToken cancellationToken)
    {
        var producer = Producer(cancellationToken);
        try
        {
            producer.BeginTransaction();
            foreach (var record in batch)
            {
                producer.Produce(new TopicPartition(output, record.Partition), new Message<string, string> { Key = record.Message.Key, Value = "out " + record.Message.Value });
            }

            if (_crashRequested)
            {
                _crashRequested = false;
                Assert.Equal(0, producer.Flush(RequestTimeout));
                Abandoned++;
                ReplaceProducer();
                Rewind(cancellationToken);
                return;
            }

            var next = batch.GroupBy(r => r.Partition).Select(g => new TopicPartitionOffset(input, g.Key, g.Max(r => r.Offset.Value) + 1)).ToList();
            producer.SendOffsetsToTransaction(next, _consumer!.ConsumerGroupMetadata, RequestTimeout);
            Commit(producer, cancellationToken);
            foreach (var offset in next)
            {
                _position[offset.Partition.Value] = offset.Offset.Value;
            }

            Interlocked.Add(ref _committed, batch.Count);
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal && ex is not KafkaRetriableException)
        {
            // Abortable (a produce that failed, a timed-out request, a transaction the coordinator aborted): the
            // outputs and offsets of this batch are discarded, so its inputs are consumed again.
            Abort(producer, cancellationToken);
            Rewind(cancellationToken);
        }
        catch (KafkaException)
        {
            // Fatal (fenced, an epoch the coordinator bumped): only a new producer can go on.
            ReplaceProducer();
            Rewind(cancellationToken);
        }
    }

    /// <summary>CommitTransaction again while it fails retriably: the commit may already be decided on the broker.</summary>
    private static void Commit(IProducer<string, string> producer, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                producer.CommitTransaction(RequestTimeout);
                return;
            }
            catch (KafkaRetriableException)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private void Abort(IProducer<string, string> producer, CancellationToken cancellationToken)
    {
        Aborts++;
        while (true)
        {
            try
            {
                producer.AbortTransaction(RequestTimeout);
                return;
            }
            catch (KafkaRetriableException)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (KafkaException)
            {
                ReplaceProducer();
                return;
            }
        }
    }

    private IProducer<string, string> Producer(CancellationToken cancellationToken)
    {
        while (_producer is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var config = new ProducerConfig
            {
                BootstrapServers = bootstrap, TransactionalId = transactionalId, TransactionTimeoutMs = 20_000, MessageTimeoutMs = 20_000,
                SocketTimeoutMs = 5_000, LingerMs = 1, ReconnectBackoffMs = 20, ReconnectBackoffMaxMs = 200, RetryBackoffMs = 20,
            };
            // With its only broker down, librdkafka re-bootstraps and retires the broker's handle (KIP-899), but
            // SendOffsetsToTransaction keeps waiting for that retired handle as the group coordinator, past its
            // timeout (confluentinc/librdkafka#5511, #5456): the client, not the broker, would hang the test.
            config.Set("metadata.recovery.strategy", "none");
            var producer = new ProducerBuilder<string, string>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
            try
            {
                producer.InitTransactions(RequestTimeout);
                _producer = producer;
                ProducersCreated++;
            }
            catch (KafkaException)
            {
                // The broker is down or restarting: a new producer tries again.
                producer.Dispose();
                Thread.Sleep(100);
            }
        }

        return _producer;
    }

    private void ReplaceProducer()
    {
        _producer?.Dispose();
        _producer = null;
    }

    /// <summary>Positions the consumer at the group's committed offsets (read_committed: once no transaction holds them).</summary>
    private void Rewind(CancellationToken cancellationToken)
    {
        Rewinds++;
        var partitions = Enumerable.Range(0, end.Length).Select(p => new TopicPartition(input, p)).ToList();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var committed = _consumer!.Committed(partitions, RequestTimeout);
                foreach (var offset in committed)
                {
                    _position[offset.Partition.Value] = offset.Offset == Offset.Unset ? 0 : offset.Offset.Value;
                }

                _consumer.Assign(committed.Select(o => new TopicPartitionOffset(o.TopicPartition, o.Offset == Offset.Unset ? Offset.Beginning : o.Offset)));
                return;
            }
            catch (KafkaException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
