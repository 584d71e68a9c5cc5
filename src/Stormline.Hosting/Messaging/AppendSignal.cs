namespace Stormline.Hosting.Messaging;

/// <summary>
/// Pulsed after every local append so the outbox relay and the projections start at once instead of at their next
/// poll; polling remains the fallback (appends by another process, a missed pulse). Thread-safe.
/// </summary>
public sealed class AppendSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Returns at the next pulse or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _next).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // the poll interval passed: look anyway
        }
    }
}
