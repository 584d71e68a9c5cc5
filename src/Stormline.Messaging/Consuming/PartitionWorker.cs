using System.Threading.Channels;
using Confluent.Kafka;
using Stormline.Messaging.Telemetry;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// Handles one partition's messages in order on its own task and commits each offset after handling; partitions run
/// in parallel. The consume loop feeds it; stopping finishes the current message and drops the rest, which the next
/// owner of the partition receives again from the last commit.
/// </summary>
internal sealed class PartitionWorker
{
    private readonly Channel<ConsumeResult<string, byte[]>> _queue = Channel.CreateUnbounded<ConsumeResult<string, byte[]>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly Func<ConsumeResult<string, byte[]>, CancellationToken, Task> _process;
    private volatile bool _stopping;
    private int _backlog;

    public PartitionWorker(IConsumer<string, byte[]> consumer, Func<ConsumeResult<string, byte[]>, CancellationToken, Task> process, CancellationToken cancellationToken)
    {
        _consumer = consumer;
        _process = process;
        Completion = Task.Run(() => Loop(cancellationToken), CancellationToken.None);
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
    }

    /// <summary>
    /// A failed commit is not a reason to stop handling the partition: the next message's commit covers this offset,
    /// and if none comes before a restart the message is redelivered and the inbox drops it.
    /// </summary>
    private void Commit(ConsumeResult<string, byte[]> result)
    {
        try
        {
            _consumer.Commit(result);
        }
        catch (KafkaException e) when (!_stopping && !e.Error.IsFatal)
        {
            MessagingTelemetry.CommitFailures.Add(1, new KeyValuePair<string, object?>("error.type", e.Error.Code.ToString()));
        }
    }

    private async Task Loop(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var result in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                if (_stopping) return;
                await _process(result, cancellationToken);
                Commit(result);
                Interlocked.Decrement(ref _backlog);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down: the uncommitted message is redelivered, and the inbox drops it if it was handled
        }
        catch (KafkaException) when (_stopping)
        {
            // the partition was revoked while committing; its next owner resumes from the last commit
        }
    }
}
