using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    /// <summary>
    /// The projection guarantee under concurrent writers: a reader that tails the global log from its last position
    /// ("read after my checkpoint") sees every event exactly once, even while slower transactions are still committing
    /// lower positions. A store whose positions can become visible out of order fails this by skipping an event.
    /// </summary>
    [Fact]
    public async Task ATailingReaderNeverSkipsAnEventWhileWritersAppendConcurrently()
    {
        const int appendsPerWriter = 30;
        var writing = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
                await Store.AppendToStream(OrderStream($"w{w}"), ExpectedVersion.From(i - 1),
                    [Event(new OrderLineAdded($"w{w}", $"sku-{i}", 1, 1m))], Ct);
        }, Ct)).ToArray();

        var seen = new List<StreamEvent>();
        long next = 0;
        var writersDone = false;
        while (true)
        {
            writersDone = writing.All(t => t.IsCompleted); // read before the batch, so a final empty read comes after every commit
            var batch = await Store.ReadAll(next, 7, Ct);
            seen.AddRange(batch);
            if (batch.Count > 0) next = batch[^1].GlobalPosition + 1;
            else if (writersDone) break;
        }
        await Task.WhenAll(writing);

        var all = await Store.ReadAll(0, 10_000, Ct);
        Assert.Equal(Writers * appendsPerWriter, all.Count);
        Assert.Equal(all.Select(e => e.GlobalPosition), seen.Select(e => e.GlobalPosition));
    }
}
