using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Store;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>
/// SQLite has one writer per file, so a process's units of work take turns. A request's appends go first, then flow
/// work (consumer batches, the relay), then work that only catches up with the log (projections, log feeds); no class starves.
/// </summary>
public sealed class WriterTurnTests : IAsyncDisposable
{
    private static readonly TimeSpan Granted = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StillWaiting = TimeSpan.FromMilliseconds(300);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-turns-");
    private SqliteEventStore? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<SqliteEventStore> Open() => _store = await SqliteEventStore.Open(Path.Combine(_folder.FullName, "events.db"), cancellationToken: Ct);

    [Fact]
    public async Task Waiting_requests_write_first_then_flow_work_then_catch_up_work_whatever_their_arrival()
    {
        var store = await Open();
        var holder = await store.BeginTransaction(Ct);
        var catchUp = store.BeginTransaction(WritePriority.CatchUp, Ct);
        var flow = store.BeginTransaction(Ct); // Flow by default
        var request = store.BeginTransaction(WritePriority.Request, Ct);
        await Task.Delay(StillWaiting, Ct);
        Assert.False(catchUp.IsCompleted || flow.IsCompleted || request.IsCompleted, "a turn was given while the writer was held");

        await holder.DisposeAsync();
        await using (await request.WaitAsync(Granted, Ct))
        {
            await Task.Delay(StillWaiting, Ct);
            Assert.False(catchUp.IsCompleted || flow.IsCompleted, "another turn was given while the request wrote");
        }
        await using (await flow.WaitAsync(Granted, Ct))
        {
            await Task.Delay(StillWaiting, Ct);
            Assert.False(catchUp.IsCompleted, "catch-up work wrote before flow work that was waiting");
        }
        await using (await catchUp.WaitAsync(Granted, Ct))
        {
        }
    }

    [Fact]
    public async Task Catch_up_work_is_passed_over_a_few_times_at_most()
    {
        var store = await Open();
        var holder = await store.BeginTransaction(Ct);
        var catchUp = store.BeginTransaction(WritePriority.CatchUp, Ct);
        var flow = Enumerable.Range(0, 8).Select(_ => store.BeginTransaction(Ct)).ToList();
        await Task.Delay(StillWaiting, Ct);
        await holder.DisposeAsync();

        var before = 0;
        foreach (var turn in flow)
        {
            var next = await Task.WhenAny(turn, catchUp).WaitAsync(Granted, Ct);
            if (next == catchUp) break;
            before++;
            await (await turn).DisposeAsync();
        }

        Assert.InRange(before, 1, 4);
        await (await catchUp).DisposeAsync();
        foreach (var turn in flow) await (await turn.WaitAsync(Granted, Ct)).DisposeAsync();
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_line_and_the_turn_goes_on()
    {
        var store = await Open();
        var holder = await store.BeginTransaction(Ct);
        using var cancel = new CancellationTokenSource();
        var cancelled = store.BeginTransaction(cancel.Token);
        var next = store.BeginTransaction(WritePriority.CatchUp, Ct);
        await Task.Delay(StillWaiting, Ct);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        await holder.DisposeAsync();
        await using (await next.WaitAsync(Granted, Ct))
        {
        }
        await using (await store.BeginTransaction(Ct).WaitAsync(Granted, Ct))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
