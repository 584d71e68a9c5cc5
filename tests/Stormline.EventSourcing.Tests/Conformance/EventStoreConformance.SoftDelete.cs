using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task DeletedStreamCannotBeReadOrAppendedButStaysInTheGlobalLog()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42", lines: 1), Ct);

        await Store.DeleteStream(stream, ExpectedVersion.Exact(1), Ct);

        var metadata = await Store.GetStreamMetadata(stream, Ct);
        Assert.True(metadata?.IsDeleted);
        var readError = await Assert.ThrowsAsync<StreamDeletedException>(() => Store.ReadStream(stream, 0, 10, Ct));
        Assert.Equal("Stream 'Order-42' has been deleted.", readError.Message);
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.AppendToStream(stream, ExpectedVersion.Any, Created("42"), Ct));
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42"), Ct));
        Assert.Equal(2, (await Store.ReadAll(1, 10, Ct)).Count);
    }

    [Fact]
    public async Task DeleteWithAStaleVersionConflictsAndKeepsTheStream()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42", lines: 1), Ct);

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.DeleteStream(stream, ExpectedVersion.Exact(0), Ct));
        Assert.Equal(2, (await Store.ReadStream(stream, 0, 10, Ct)).Count);
    }

    [Fact]
    public async Task DeletingOneStreamLeavesOthersAlone()
    {
        await Store.AppendToStream(OrderStream("1"), ExpectedVersion.NoStream, Created("1"), Ct);
        await Store.AppendToStream(OrderStream("2"), ExpectedVersion.NoStream, Created("2"), Ct);

        await Store.DeleteStream(OrderStream("1"), ExpectedVersion.Any, Ct);

        Assert.Single(await Store.ReadStream(OrderStream("2"), 0, 10, Ct));
        await Store.AppendToStream(OrderStream("2"), ExpectedVersion.Exact(0), Created("2")[..1], Ct);
    }
}
