using System.Threading.Channels;
using Npgsql;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Postgres;

/// <summary>
/// Group commit inside the store: concurrent appends wait here and a few flushers each take whatever is waiting (up
/// to <see cref="MaxBatch"/> appends to distinct streams) into one transaction. Under load many appends then share one
/// set of round trips and one disk flush; a lone append goes out at once as a batch of one. Each append keeps its own
/// version check and its own outcome; only its commit is shared.
/// </summary>
internal sealed class AppendQueue : IAsyncDisposable
{
    public const int MaxBatch = 64;

    /// <summary>Transactions in flight at once: while one waits for its flush, the next batch fills and goes out.</summary>
    private const int Flushers = 4;

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _outbox;
    private readonly Func<PersonalData.PersonalDataProtection?> _protection;
    private readonly Task[] _flushers;

    /// <param name="protection">The store's personal-data protection as it is when a batch runs (it may be set after start).</param>
    public AppendQueue(NpgsqlDataSource dataSource, bool outbox, Func<PersonalData.PersonalDataProtection?> protection)
    {
        _dataSource = dataSource;
        _outbox = outbox;
        _protection = protection;
        _flushers = [.. Enumerable.Range(0, Flushers).Select(_ => Task.Run(Flush))];
    }

    public Task<AppendResult> Enqueue(PendingAppend append)
    {
        if (!_queue.Writer.TryWrite(append)) throw new ObjectDisposedException(nameof(PostgresEventStore));
        return append.Completion;
    }

    private async Task Flush()
    {
        var reader = _queue.Reader;
        PendingAppend? carried = null; // a second append to a stream already in the batch starts the next one
        while (true)
        {
            var batch = new List<PendingAppend>();
            var streams = new HashSet<string>(StringComparer.Ordinal);
            if (carried is not null)
            {
                batch.Add(carried);
                streams.Add(carried.Stream.Value);
                carried = null;
            }
            else if (!await reader.WaitToReadAsync())
            {
                return;
            }

            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Cancel();
                    continue;
                }
                if (!streams.Add(next.Stream.Value))
                {
                    carried = next;
                    break;
                }
                batch.Add(next);
            }
            if (batch.Count > 0) await AppendBatch.Run(_dataSource, _outbox, _protection(), batch);
        }
    }

    /// <summary>Stops taking appends; those already queued still run.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_flushers);
    }
}
