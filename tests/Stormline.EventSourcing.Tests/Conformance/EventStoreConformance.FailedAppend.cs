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

    /// <summary>
    /// Concurrent appends may share a transaction (PostgreSQL groups them): one that the database rejects (a duplicate
    /// event id) fails alone, and the appends it ran beside are stored.
    /// </summary>
    [Fact]
    public async Task AnAppendRejectedByTheDatabaseFailsAloneAmongConcurrentAppends()
    {
        var taken = Created("taken");
        await Store.AppendToStream(OrderStream("taken"), ExpectedVersion.NoStream, taken, Ct);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appends = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await go.Task;
            EventData[] events = w == 3 ? [Event(new OrderCreated($"c{w}", "bob", At)), taken[0]] : Created($"c{w}", lines: 1);
            await Store.AppendToStream(OrderStream($"c{w}"), ExpectedVersion.NoStream, events, Ct);
        }, Ct)).ToArray();
        go.SetResult();
        await Task.WhenAll(appends.Select(a => a.ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default)));

        Assert.IsAssignableFrom<System.Data.Common.DbException>(appends[3].Exception?.InnerException);
        Assert.All(appends.Where((_, w) => w != 3), a => Assert.True(a.IsCompletedSuccessfully, a.Exception?.ToString()));
        Assert.Null(await Store.GetStreamMetadata(OrderStream("c3"), Ct));
        Assert.Equal(1 + 2 * (Writers - 1), (await Store.ReadAll(0, 100, Ct)).Count);
    }
}
