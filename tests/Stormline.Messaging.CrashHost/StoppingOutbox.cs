using Stormline.EventSourcing.Outbox;

namespace Stormline.Messaging.CrashHost;

/// <summary>The real outbox, except that marking rows sent announces itself and then blocks: the test kills the process there.</summary>
public sealed class StoppingOutbox(IOutbox inner) : IOutbox
{
    public Task<IReadOnlyList<OutboxMessage>> ReadPending(int maxCount, CancellationToken cancellationToken) => inner.ReadPending(maxCount, cancellationToken);

    public async Task MarkSent(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        Console.WriteLine($"delivered {ids.Count} unmarked");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public Task<bool> TryAcquireLease(string holder, TimeSpan duration, CancellationToken cancellationToken) => inner.TryAcquireLease(holder, duration, cancellationToken);

    public Task ReleaseLease(string holder, CancellationToken cancellationToken) => inner.ReleaseLease(holder, cancellationToken);
}
