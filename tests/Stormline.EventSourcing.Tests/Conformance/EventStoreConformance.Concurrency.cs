using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    private const int Writers = 8;

    [Fact]
    public async Task ConcurrentAppendersAtTheSameVersionHaveExactlyOneWinner()
    {
        var stream = OrderStream("42");
        await Store.AppendToStream(stream, ExpectedVersion.NoStream, Created("42"), Ct);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                await Store.AppendToStream(stream, ExpectedVersion.Exact(0), [Event(new OrderLineAdded("42", $"w{i}", 1, 1m))], Ct);
                return true;
            }
            catch (WrongExpectedVersionException e) when (e.Actual == 1)
            {
                return false;
            }
        }, Ct)).ToArray();
        go.SetResult();

        var outcomes = await Task.WhenAll(attempts);
        Assert.Single(outcomes, won => won);
        Assert.Equal([0L, 1L], (await Store.ReadStream(stream, 0, 100, Ct)).Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task ConcurrentWritersThatRetryLeaveOneWinnerPerVersionAndNoGaps()
    {
        const int perWriter = 10;
        var stream = OrderStream("42");
        var wins = new long[Writers * perWriter + 1];

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var written = 0; written < perWriter;)
            {
                var last = (await Store.GetStreamMetadata(stream, Ct))?.LastVersion ?? -1;
                try
                {
                    var result = await Store.AppendToStream(stream, ExpectedVersion.From(last), [Event(new OrderLineAdded("42", $"w{w}", 1, 1m))], Ct);
                    Interlocked.Increment(ref wins[result.LastVersion]);
                    written++;
                }
                catch (WrongExpectedVersionException)
                {
                    // lost this version to another writer: read again and retry
                }
            }
        }, Ct)));

        var events = await Store.ReadStream(stream, 0, 1000, Ct);
        Assert.Equal(Enumerable.Range(0, Writers * perWriter).Select(v => (long)v), events.Select(e => e.StreamVersion));
        Assert.All(wins.Take(Writers * perWriter), count => Assert.Equal(1, count));
        Assert.Equal(events.Select(e => e.GlobalPosition).Order(), events.Select(e => e.GlobalPosition));
    }
}
