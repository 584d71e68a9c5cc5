using System.Threading.Channels;
using Confluent.Kafka;
using Stormline.Messaging.Telemetry;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// Handles one partition's records in order on its own task, a batch at a time, and commits the offset after each
/// batch; partitions run in parallel. The consume loop feeds it; stopping abandons the batch in hand (its transaction
/// rolls back) and the rest, which the next owner of the partition receives again from the last commit. Nothing ends
/// the loop but stopping: an unexpected failure retries the same batch.
/// </summary>
internal sealed class PartitionWorker
{
    private readonly Channel<ConsumeResult<string, byte[]>> _queue = Channel.CreateUnbounded<ConsumeResult<string, byte[]>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _revoked;
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly BatchHandler _handler;
    private readonly EventConsumerOptions _options;
    private volatile bool _stopping;
    private TopicPartitionOffset? _uncommitted;
    private int _backlog;

    private readonly PartitionHealth _health;

    public PartitionWorker(IConsumer<string, byte[]> consumer, BatchHandler handler, EventConsumerOptions options, PartitionHealth health, CancellationToken cancellationToken)
    {
        _health = health;
        _consumer = consumer;
        _handler = handler;
        _options = options;
        _revoked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Completion = Task.Run(Loop, CancellationToken.None);
    }

    public Task Completion { get; }

    /// <summary>Messages queued and not yet handled; the loop pauses the partition when it grows too long.</summary>
    public int Backlog => Volatile.Read(ref _backlog);

    public void Enqueue(ConsumeResult<string, byte[]> result)
    {
        Interlocked.Increment(ref _backlog);
        _queue.Writer.TryWrite(result);
    }

    public void Stop()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        _revoked.Cancel();
    }

    /// <summary>
    /// A failed commit is not a reason to stop handling the partition: the next batch's commit covers this offset, or
    /// it is tried again after a second; if a restart comes first, the batch is redelivered and the inbox drops it.
    /// </summary>
    private void Commit(TopicPartitionOffset next)
    {
        try
        {
            _consumer.Commit([next]);
            _uncommitted = null;
        }
        catch (KafkaException e) when (!_stopping && !e.Error.IsFatal)
        {
            _uncommitted = next; // tried again with the next batch, or after a second when none comes
            MessagingTelemetry.CommitFailures.Add(1, new KeyValuePair<string, object?>("error.type", e.Error.Code.ToString()));
        }
    }

    /// <summary>Waits for records; while an offset is still uncommitted, wakes after a second to commit it again.</summary>
    private async Task<bool> WaitForRecords(ChannelReader<ConsumeResult<string, byte[]>> reader)
    {
        while (_uncommitted is { } pending)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_revoked.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                return await reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!_revoked.IsCancellationRequested)
            {
                Commit(pending);
            }
        }
        return await reader.WaitToReadAsync(_revoked.Token);
    }

    private async Task Loop()
    {
        var reader = _queue.Reader;
        var batch = new List<ConsumeResult<string, byte[]>>(_options.MaxBatchSize);
        try
        {
            while (true)
            {
                if (batch.Count == 0)
                {
                    if (!await WaitForRecords(reader) || _stopping) return;
                    while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var record)) batch.Add(record);
                    if (_options.BatchLinger > TimeSpan.Zero && batch.Count < _options.MaxBatchSize)
                    {
                        await Task.Delay(_options.BatchLinger, _revoked.Token);
                        while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var record)) batch.Add(record);
                    }
                }

                try
                {
                    await _handler.Handle(batch, _revoked.Token);
                }
                catch (Exception e) when (!_revoked.IsCancellationRequested)
                {
                    // Not a failing record (those are retried or dead-lettered inside): something around them. The
                    // same batch is tried again, so nothing is skipped and the worker lives on.
                    _health.Failing(batch[0].TopicPartition, e);
                    await Task.Delay(TimeSpan.FromSeconds(1), _revoked.Token);
                    continue;
                }
                Commit(new TopicPartitionOffset(batch[^1].TopicPartition, batch[^1].Offset + 1));
                Interlocked.Add(ref _backlog, -batch.Count);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_revoked.IsCancellationRequested)
        {
            // revoked or shutting down: the uncommitted batch is redelivered, and the inbox drops what was handled
        }
        catch (KafkaException) when (_stopping)
        {
            // the partition was revoked while committing; its next owner resumes from the last commit
        }
    }
}
