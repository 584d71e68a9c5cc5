using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    /// <summary>
    /// A failed append (here a duplicate event id, rejected by the database mid-append) ends cleanly: concurrent
    /// writers afterwards get through before the deadline, and nothing of the failed append is in the log.
    /// </summary>
    [Fact]
    public async Task AFailedAppendLeavesTheStoreWritableForConcurrentWriters()
    {
        var stream = OrderStream("42");
        var created = Created("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, created, Ct);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Store.AppendToStream(stream, ExpectedVersion.Exact(0), [created[0]], Ct));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
            Store.AppendToStream(OrderStream($"after-{w}"), ExpectedVersion.NoStream, Created($"after-{w}"), deadline.Token), Ct)));

        Assert.Equal(1 + Writers, (await Store.ReadAll(0, 100, Ct)).Count);
    }
}
