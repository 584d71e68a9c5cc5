using Stormline.EventSourcing.Store;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// The turn to write to one SQLite file within this process. The next turn goes to the longest waiter of the most
/// urgent class (<see cref="WritePriority"/>): an order's POST then waits for the turn in progress, not behind every
/// consumer batch and projection. A class passed over <see cref="MaxPassed"/> times in a row goes next, so none
/// starves (and each of its later turns carries more events).
/// </summary>
/// <param name="released">Called as each turn ends (the store's checkpointer learns that the log grew).</param>
internal sealed class WriterGate(Action? released = null)
{
    private const int MaxPassed = 4;

    private readonly Lock _lock = new();
    private static readonly int Classes = Enum.GetValues<WritePriority>().Length;

    private readonly LinkedList<TaskCompletionSource>[] _lines = [.. Enumerable.Range(0, Classes).Select(_ => new LinkedList<TaskCompletionSource>())];
    private readonly int[] _passed = new int[Classes];
    private bool _held;

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
            waiter = _lines[(int)priority].AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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
        released?.Invoke();
        TaskCompletionSource next;
        lock (_lock)
        {
            var chosen = Next();
            if (chosen < 0)
            {
                _held = false;
                return;
            }
            _passed[chosen] = 0;
            for (var i = chosen + 1; i < _lines.Length; i++)
                if (_lines[i].Count > 0) _passed[i]++;
            next = _lines[chosen].First!.Value;
            _lines[chosen].RemoveFirst();
        }
        next.TrySetResult(); // the turn passes straight on: no one can take it in between
    }

    /// <summary>A waiting class passed over too often, else the most urgent waiting class; -1 when no one waits.</summary>
    private int Next()
    {
        for (var i = 0; i < _lines.Length; i++)
            if (_lines[i].Count > 0 && _passed[i] >= MaxPassed) return i;
        for (var i = 0; i < _lines.Length; i++)
            if (_lines[i].Count > 0) return i;
        return -1;
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
