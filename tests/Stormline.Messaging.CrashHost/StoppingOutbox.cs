using Stormline.EventSourcing.Outbox;

namespace Stormline.Messaging.CrashHost;

/// <summary>The real outbox, except that marking rows sent announces itself and then blocks: the test kills the process there.</summary>
public sealed class StoppingOutbox(IOutbox inner) : IOutbox
{
    public Task<IReadOnlyList<OutboxMessage>> ReadPending(int maxCount, CancellationToken cancellationToken) => inner.ReadPending(maxCount, cancellationToken);

    public async Task<bool> MarkSent(IReadOnlyCollection<long> ids, Lease lease, CancellationToken cancellationToken)
    {
        Console.WriteLine($"delivered {ids.Count} unmarked");
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return false;
    }

    public Task<bool> Park(long id, string reason, Lease lease, CancellationToken cancellationToken) => inner.Park(id, reason, lease, cancellationToken);

    public Task<long> CountParked(CancellationToken cancellationToken) => inner.CountParked(cancellationToken);

    public Task<Lease?> AcquireLease(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) => inner.AcquireLease(name, holder, duration, cancellationToken);

    public Task ReleaseLease(string name, string holder, CancellationToken cancellationToken) => inner.ReleaseLease(name, holder, cancellationToken);
}
