namespace Stormline.Broker.Server;

/// <summary>
/// Wakes long-polling fetches when any partition receives data. A waiter takes <see cref="NextAppend"/> before it
/// looks at the logs, so an append that lands in between is never missed. Thread-safe.
/// </summary>
internal sealed class AppendNotifier
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task NextAppend => Volatile.Read(ref _next).Task;

    public void Notify()
    {
        var fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
