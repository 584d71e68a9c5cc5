using Stormline.EventSourcing.Outbox;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task EveryAppendedEventGetsAnOutboxRowInGlobalOrder()
    {
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1", lines: 1), Ct);
        await Store.AppendToStream(OrderStream("2"), ExpectedVersion.NoStream, Created("2"), Ct);

        var pending = await Store.ReadPending(100, Ct);
        var all = await Store.ReadAll(1, 100, Ct);
        Assert.Equal(all.Select(e => e.EventId), pending.Select(m => m.Event.EventId));
        Assert.Equal(all.Select(e => e.GlobalPosition), pending.Select(m => m.Id));
    }

    [Fact]
    public async Task AConflictingAppendLeavesNoOutboxRow()
    {
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1"), Ct);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1"), Ct));

        Assert.Single(await Store.ReadPending(100, Ct));
    }

    [Fact]
    public async Task SentMessagesAreNoLongerPending()
    {
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1", lines: 2), Ct);
        var pending = await Store.ReadPending(2, Ct);
        Assert.Equal(2, pending.Count);

        var lease = await Store.AcquireLease(IOutbox.RelayLease, "relay-a", TimeSpan.FromMinutes(1), Ct);
        Assert.True(await Store.MarkSent([.. pending.Select(m => m.Id)], lease!, Ct));

        var rest = Assert.Single(await Store.ReadPending(100, Ct));
        Assert.Equal(2, rest.Event.StreamVersion);
    }

    [Fact]
    public async Task OnlyOneRelayHoldsTheLeaseUntilItExpiresOrIsReleased()
    {
        Assert.NotNull(await Lease("relay-a", TimeSpan.FromMinutes(1)));
        Assert.Null(await Lease("relay-b", TimeSpan.FromMinutes(1)));
        Assert.NotNull(await Lease("relay-a", TimeSpan.FromMinutes(1))); // renewal

        await Store.ReleaseLease(IOutbox.RelayLease, "relay-a", Ct);
        Assert.NotNull(await Lease("relay-b", TimeSpan.FromMilliseconds(1)));
        await Task.Delay(20, Ct);
        Assert.NotNull(await Lease("relay-a", TimeSpan.FromMinutes(1))); // b's lease expired
    }

    private Task<Lease?> Lease(string holder, TimeSpan duration) => Store.AcquireLease(IOutbox.RelayLease, holder, duration, Ct);

    [Fact]
    public async Task A_takeover_raises_the_epoch_and_the_fenced_relay_cannot_mark_rows_sent()
    {
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1", lines: 1), Ct);
        var pending = await Store.ReadPending(10, Ct);
        var stale = await Lease("relay-a", TimeSpan.FromMilliseconds(1));
        Assert.Equal(stale, await Lease("relay-a", TimeSpan.FromMilliseconds(1))); // a renewal keeps the epoch
        await Task.Delay(20, Ct);
        var current = await Lease("relay-b", TimeSpan.FromMinutes(1)); // a's lease expired: b takes over

        Assert.True(current!.Epoch > stale!.Epoch);
        Assert.False(await Store.MarkSent([.. pending.Select(m => m.Id)], stale, Ct));
        Assert.False(await Store.Park(pending[0].Id, "stale", stale, Ct));
        Assert.Equal(pending.Count, (await Store.ReadPending(10, Ct)).Count);

        await Store.ReleaseLease(IOutbox.RelayLease, "relay-b", Ct);
        var again = await Lease("relay-a", TimeSpan.FromMinutes(1));
        Assert.True(again!.Epoch > current.Epoch); // a release keeps the epoch, so tokens never repeat
        Assert.True(await Store.MarkSent([.. pending.Select(m => m.Id)], again, Ct));
        Assert.Empty(await Store.ReadPending(10, Ct));
    }

    [Fact]
    public async Task A_parked_row_is_no_longer_pending_and_is_counted()
    {
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1", lines: 2), Ct);
        var pending = await Store.ReadPending(10, Ct);
        var lease = await Lease("relay-a", TimeSpan.FromMinutes(1));

        Assert.True(await Store.Park(pending[1].Id, "MsgSizeTooLarge: too big", lease!, Ct));

        Assert.Equal([pending[0].Id, pending[2].Id], (await Store.ReadPending(10, Ct)).Select(m => m.Id));
        Assert.Equal(1, await Store.CountParked(Ct));
    }

    [Fact]
    public async Task ConcurrentRelaysGetExactlyOneLease()
    {
        var holders = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Lease($"relay-{i}", TimeSpan.FromMinutes(1)), Ct)));
        Assert.Single(holders, got => got is not null);
    }
}
