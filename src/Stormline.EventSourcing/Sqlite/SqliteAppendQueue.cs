using System.Threading.Channels;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// Group commit for appends that arrive on their own (one per HTTP request): whatever is waiting when the writer is
/// free goes into one transaction, each append under its own savepoint, so under load hundreds share one commit while
/// a lone append still goes out at once. Each keeps its own version check and its own outcome.
/// </summary>
internal sealed class SqliteAppendQueue : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteEventStore _store;
    private readonly Task _flusher;

    public SqliteAppendQueue(SqliteEventStore store)
    {
        _store = store;
        _flusher = Task.Run(Flush);
    }

    public Task<AppendResult> Enqueue(PendingAppend append)
    {
        if (!_queue.Writer.TryWrite(append)) throw new ObjectDisposedException(nameof(SqliteEventStore));
        return append.Completion;
    }

    private async Task Flush()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested) next.Cancel();
                else batch.Add(next);
            }
            if (batch.Count == 0) continue;

            var results = new (AppendResult? Result, Exception? Error)[batch.Count];
            try
            {
                await using var unit = await _store.BeginTransaction(Store.WritePriority.Request, CancellationToken.None);
                var generation = _store.RecentGeneration; // before sealing: an erasure after it keeps these from memory
                var sealedEvents = await SealTogether(batch, unit.Transaction);
                for (var i = 0; i < batch.Count; i++)
                {
                    var append = batch[i];
                    await unit.Transaction.SaveAsync("append");
                    try
                    {
                        results[i] = (sealedEvents is null
                            ? await _store.AppendToStream(append.Stream, append.Expected, append.Events, unit.Transaction, CancellationToken.None)
                            : await _store.AppendSealedToStream(append.Stream, append.Expected, append.Events, sealedEvents[i], generation, unit.Transaction, CancellationToken.None), null);
                        await unit.Transaction.ReleaseAsync("append");
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        await unit.Transaction.RollbackAsync("append");
                        results[i] = (null, e);
                    }
                }
                await unit.Commit(CancellationToken.None);
            }
            catch (Exception e)
            {
                foreach (var append in batch) append.Fail(e); // the commit itself failed: none of them happened
                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (results[i].Error is { } error) batch[i].Fail(error);
                else batch[i].Succeed(results[i].Result!);
            }
        }
    }

    /// <summary>
    /// Seals the personal fields of the whole group with one key look-up. Null (each append seals its own) for a lone
    /// append, without protection, or when the group cannot be sealed (an event without its subject): that append
    /// alone then fails. Keys made for an append that then fails are unused, nothing worse.
    /// </summary>
    private async Task<IReadOnlyList<EventData>[]?> SealTogether(List<PendingAppend> batch, System.Data.Common.DbTransaction transaction)
    {
        if (_store.PersonalData is not { } personalData || batch.Count < 2) return null;
        var all = new List<EventData>();
        foreach (var append in batch) all.AddRange(append.Events);
        IReadOnlyList<EventData> sealedAll;
        await transaction.SaveAsync("seal");
        try
        {
            sealedAll = await personalData.Protect(all, transaction, CancellationToken.None);
            await transaction.ReleaseAsync("seal");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await transaction.RollbackAsync("seal");
            return null;
        }

        var sealedEvents = new IReadOnlyList<EventData>[batch.Count];
        for (int i = 0, at = 0; i < batch.Count; at += batch[i].Events.Count, i++)
        {
            var events = new EventData[batch[i].Events.Count];
            for (var j = 0; j < events.Length; j++) events[j] = sealedAll[at + j];
            sealedEvents[i] = events;
        }
        return sealedEvents;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _flusher;
    }
}
