using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    [Fact]
    public async Task StreamMetadataReportsTypeCreationAndLastVersion()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await Store.AppendToStream(OrderStream("42"), ExpectedVersion.NoStream, Created("42", lines: 2), Ct);
        await Store.AppendToStream(OrderStream("42"), ExpectedVersion.Exact(2), Created("42")[..1], Ct);

        var metadata = await Store.GetStreamMetadata(OrderStream("42"), Ct);
        Assert.NotNull(metadata);
        Assert.Equal("Order", metadata.Type);
        Assert.Equal(3, metadata.LastVersion);
        Assert.InRange(metadata.CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.False(metadata.IsDeleted);
    }

    [Fact]
    public async Task MissingStreamHasNoMetadata() =>
        Assert.Null(await Store.GetStreamMetadata(OrderStream("nobody"), Ct));
}
