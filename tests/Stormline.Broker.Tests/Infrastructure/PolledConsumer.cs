using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Stormline.Broker.Tests.Infrastructure;

/// <summary>
/// A Confluent.Kafka group consumer that polls on its own thread, as an application would: librdkafka serves
/// rebalances (revoke, assign) from Consume, so a consumer nobody polls never completes one. Tests read the latest
/// assignment and the received records from any thread.
/// </summary>
public sealed class PolledConsumer : IDisposable
{
    private readonly IConsumer<string, string> _consumer;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<ConsumeResult<string, string>> _received = new();
    private volatile IReadOnlyList<TopicPartition> _assignment = [];
    private bool _finished;
    private int _assignmentChanges;

    public PolledConsumer(ConsumerConfig config, params string[] topics)
    {
        _consumer = new ConsumerBuilder<string, string>(config).Build();
        _consumer.Subscribe(topics);
        _loop = Task.Factory.StartNew(Poll, TaskCreationOptions.LongRunning);
    }

    /// <summary>The partitions assigned after the latest poll, sorted.</summary>
    public IReadOnlyList<int> Partitions => [.. _assignment.Select(tp => tp.Partition.Value).Order()];

    public IReadOnlyCollection<ConsumeResult<string, string>> Received => _received;

    /// <summary>How often the assignment changed (each revoke and each assign counts).</summary>
    public int AssignmentChanges => Volatile.Read(ref _assignmentChanges);

    /// <summary>Leaves the group as an application shutting down does (LeaveGroup), then releases the client.</summary>
    public void Close()
    {
        if (StopPolling())
        {
            _consumer.Close();
            _consumer.Dispose();
        }
    }

    /// <summary>Releases the client without leaving the group, like a crashed process: the coordinator must expire it.</summary>
    public void Abandon()
    {
        if (StopPolling())
        {
            _consumer.Dispose();
        }
    }

    /// <summary>Commits offsets between two polls (the poll thread and the caller never use the client at once).</summary>
    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        lock (_gate)
        {
            _consumer.Commit(offsets);
        }
    }

    public void Dispose() => Close();

    private void Poll()
    {
        while (!_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                try
                {
                    var result = _consumer.Consume(TimeSpan.FromMilliseconds(50));
                    if (result is { IsPartitionEOF: false, Message: not null })
                    {
                        _received.Enqueue(result);
                    }
                }
                catch (ConsumeException)
                {
                    // Transient errors (e.g. during a rebalance) are retried by polling again.
                }

                var assignment = _consumer.Assignment;
                if (!assignment.SequenceEqual(_assignment))
                {
                    Interlocked.Increment(ref _assignmentChanges);
                }

                _assignment = assignment;
            }
        }
    }

    private bool StopPolling()
    {
        if (_finished)
        {
            return false;
        }

        _finished = true;
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        return true;
    }
}
