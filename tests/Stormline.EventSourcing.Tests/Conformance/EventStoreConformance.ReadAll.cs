using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task ReadAllReturnsEveryStreamInAppendOrder()
    {
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1", lines: 1), Ct);
        await Store.AppendToStream(OrderStream("2"), ExpectedVersion.NoStream, Created("2"), Ct);
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.Exact(1), Created("1")[..1], Ct);

        var all = await Store.ReadAll(1, 100, Ct);
        Assert.Equal(["Order-1", "Order-1", "Order-2", "Order-1"], all.Select(e => e.Stream.Value));
        Assert.Equal([0L, 1L, 0L, 2L], all.Select(e => e.StreamVersion));
        Assert.Equal(all.Select(e => e.GlobalPosition).Order(), all.Select(e => e.GlobalPosition));
        Assert.Equal(all.Count, all.Select(e => e.GlobalPosition).Distinct().Count());
    }

    [Fact]
    public async Task ReadAllPagesFromAPosition()
    {
        for (var i = 0; i < 5; i++)
            await Store.AppendToStream(OrderStream($"{i}"), ExpectedVersion.NoStream, Created($"{i}"), Ct);

        var first = await Store.ReadAll(1, 2, Ct);
        var rest = await Store.ReadAll(first[^1].GlobalPosition + 1, 100, Ct);
        Assert.Equal(2, first.Count);
        Assert.Equal(["Order-2", "Order-3", "Order-4"], rest.Select(e => e.Stream.Value));
        Assert.Equal(3, await Store.CountEventsAfter(first[^1].GlobalPosition, Ct));
    }

    [Fact]
    public async Task ConcurrentAppendsToManyStreamsAllAppearOnceInGlobalOrder()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Store.AppendToStream(OrderStream($"{i}"), ExpectedVersion.NoStream, Created($"{i}", lines: 2), Ct), Ct)));

        var all = await Store.ReadAll(0, 1000, Ct);
        Assert.Equal(60, all.Count);
        Assert.Equal(all.Select(e => e.GlobalPosition).Order(), all.Select(e => e.GlobalPosition));
        // within a stream the global order follows the stream order
        Assert.All(all.GroupBy(e => e.Stream), g => Assert.Equal([0L, 1L, 2L], g.Select(e => e.StreamVersion)));
    }
}
