using Stormline.EventSourcing.Store;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// The turn to write to one SQLite file within this process. Turns go in arrival order, except that work that only
/// catches up with the log lets waiting flow work go first: an order's POST then waits for a few short turns, not
/// behind a projection's batch. Catch-up work is passed over at most <see cref="MaxPassed"/> times in a row, so it
/// never starves (and each of its turns carries more events).
/// </summary>
internal sealed class WriterGate
{
    private const int MaxPassed = 4;

    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _flow = new();
    private readonly LinkedList<TaskCompletionSource> _catchUp = new();
    private bool _held;
    private int _passed;

    public async ValueTask<IDisposable> Enter(WritePriority priority, CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return new Turn(this);
            }
            var line = priority == WritePriority.CatchUp ? _catchUp : _flow;
            waiter = line.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        await using (cancellationToken.Register(() => Abandon(waiter, cancellationToken)))
            await waiter.Value.Task; // throws once abandoned; a turn handed over before that is kept
        return new Turn(this);
    }

    /// <summary>A cancelled waiter leaves its line unless the turn was already handed to it.</summary>
    private void Abandon(LinkedListNode<TaskCompletionSource> waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (waiter.List is null) return;
            waiter.List.Remove(waiter);
        }
        waiter.Value.TrySetCanceled(cancellationToken);
    }

    private void Release()
    {
        TaskCompletionSource next;
        lock (_lock)
        {
            LinkedList<TaskCompletionSource>? line = null;
            if (_catchUp.Count > 0 && (_flow.Count == 0 || _passed >= MaxPassed))
            {
                _passed = 0;
                line = _catchUp;
            }
            else if (_flow.Count > 0)
            {
                if (_catchUp.Count > 0) _passed++;
                line = _flow;
            }

            if (line is null)
            {
                _held = false;
                return;
            }
            next = line.First!.Value;
            line.RemoveFirst();
        }
        next.TrySetResult(); // the turn passes straight on: no one can take it in between
    }

    private sealed class Turn(WriterGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
