using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task AppendedEventsReadBackInVersionOrderWithTheirData()
    {
        var stream = OrderStream("42");
        var written = Created("42", lines: 2);
        var result = await Store.AppendToStream(stream, ExpectedVersion.NoStream, written, Ct);

        var read = await Store.ReadStream(stream, 0, 100, Ct);
        Assert.Equal(2, result.LastVersion);
        Assert.Equal([0L, 1L, 2L], read.Select(e => e.StreamVersion));
        Assert.Equal(written.Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.Equal(written.Select(e => e.Type), read.Select(e => e.Type));
        Assert.All(read, e => Assert.Equal(stream, e.Stream));
        Assert.Equal(result.LastPosition, read[^1].GlobalPosition);
        Assert.Equal(new OrderLineAdded("42", "sku-2", 1, 2m), Serializer.Deserialize(read[2]));
    }

    [Fact]
    public async Task MetadataRoundTrips()
    {
        var stream = OrderStream("42");
        var data = Serializer.Serialize(new OrderCreated("42", "alice", At), new EventMetadata("corr-1", "cause-1", At));
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, [data], Ct);

        var read = Assert.Single(await Store.ReadStream(stream, 0, 10, Ct));
        Assert.Equal(new EventMetadata("corr-1", "cause-1", At), read.Metadata);
        Assert.True(read.RecordedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task ReadStreamStartsAtTheGivenVersionAndHonoursMaxCount()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42", lines: 5), Ct);

        var read = await Store.ReadStream(stream, 2, 3, Ct);
        Assert.Equal([2L, 3L, 4L], read.Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task ReadingAMissingStreamGivesNoEvents() =>
        Assert.Empty(await Store.ReadStream(OrderStream("nobody"), 0, 10, Ct));

    [Fact]
    public async Task AppendWithExactVersionContinuesTheStream()
    {
        var stream = OrderStream("42");
        var first = await Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42"), Ct);
        var second = await Store.AppendToStream(stream, ExpectedVersion.Exact(first.LastVersion), [Event(new OrderLineAdded("42", "a", 1, 1m))], Ct);

        Assert.Equal(1, second.LastVersion);
        Assert.True(second.LastPosition > first.LastPosition);
    }

    [Fact]
    public async Task AppendWithAnyVersionNeverConflicts()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.Any, Created("42"), Ct);
        var result = await Store.AppendToStream(stream, ExpectedVersion.Any, [Event(new OrderLineAdded("42", "a", 1, 1m))], Ct);
        Assert.Equal(1, result.LastVersion);
    }

    [Fact]
    public async Task NoStreamOnAnExistingStreamConflictsNamingStreamAndVersions()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42", lines: 1), Ct);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42"), Ct));
        Assert.Equal("Append to stream 'Order-42' failed: expected version no stream, actual version 1.", conflict.Message);
        Assert.Equal(stream, conflict.Stream);
        Assert.Equal(ExpectedVersion.NoStream, conflict.Expected);
        Assert.Equal(1, conflict.Actual);
    }

    [Fact]
    public async Task StaleExactVersionConflictsAndWritesNothing()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42", lines: 3), Ct);

        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendToStream(stream, ExpectedVersion.Exact(1), [Event(new OrderLineAdded("42", "late", 1, 1m)), Event(new OrderLineAdded("42", "late", 1, 1m))], Ct));
        Assert.Equal("Append to stream 'Order-42' failed: expected version 1, actual version 3.", conflict.Message);
        Assert.Equal(4, (await Store.ReadStream(stream, 0, 100, Ct)).Count);
        Assert.Equal(4, await Store.CountEventsAfter(0, Ct));
    }

    [Fact]
    public async Task ExactVersionOnAMissingStreamConflicts()
    {
        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            Store.AppendToStream(OrderStream("42"), ExpectedVersion.Exact(0), Created("42"), Ct));
        Assert.Equal("Append to stream 'Order-42' failed: expected version 0, actual version no stream.", conflict.Message);
        Assert.Null(await Store.GetStreamMetadata(OrderStream("42"), Ct));
    }

    [Fact]
    public async Task AppendingADuplicateEventIdFailsAndWritesNothing()
    {
        var stream = OrderStream("42");
        var created = Created("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, created, Ct);

        var line = Event(new OrderLineAdded("42", "a", 1, 1m));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Store.AppendToStream(stream, ExpectedVersion.Exact(0), [line, created[0]], Ct));
        Assert.Single(await Store.ReadStream(stream, 0, 100, Ct));
    }
}
