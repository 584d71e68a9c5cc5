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

        await Store.MarkSent([.. pending.Select(m => m.Id)], Ct);

        var rest = Assert.Single(await Store.ReadPending(100, Ct));
        Assert.Equal(2, rest.Event.StreamVersion);
    }

    [Fact]
    public async Task OnlyOneRelayHoldsTheLeaseUntilItExpiresOrIsReleased()
    {
        Assert.True(await Store.TryAcquireLease("relay-a", TimeSpan.FromMinutes(1), Ct));
        Assert.False(await Store.TryAcquireLease("relay-b", TimeSpan.FromMinutes(1), Ct));
        Assert.True(await Store.TryAcquireLease("relay-a", TimeSpan.FromMinutes(1), Ct)); // renewal

        await Store.ReleaseLease("relay-a", Ct);
        Assert.True(await Store.TryAcquireLease("relay-b", TimeSpan.FromMilliseconds(1), Ct));
        await Task.Delay(20, Ct);
        Assert.True(await Store.TryAcquireLease("relay-a", TimeSpan.FromMinutes(1), Ct)); // b's lease expired
    }

    [Fact]
    public async Task ConcurrentRelaysGetExactlyOneLease()
    {
        var holders = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Store.TryAcquireLease($"relay-{i}", TimeSpan.FromMinutes(1), Ct), Ct)));
        Assert.Single(holders, got => got);
    }
}
