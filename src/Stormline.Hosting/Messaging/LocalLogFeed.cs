using System.Data.Common;
using Microsoft.Extensions.Logging;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.Hosting.Health;
using Stormline.Hosting.Storage;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// Feeds the service's own events, in log order, to a handler that writes to the store (e.g. a saga). Each batch of
/// events, every write the handler makes for them and the feed's checkpoint commit in one transaction, so each event
/// takes effect exactly once, and the checkpoint moves by compare-and-set, so two replicas never both apply a batch.
/// </summary>
public sealed partial class LocalLogFeed(string name, Func<object, DbTransaction, CancellationToken, Task> handler, ServiceStore store, EventSerializer serializer,
    AppendSignal signal, LeaseKeeper leases, Microsoft.Extensions.Options.IOptions<KafkaOptions> kafka, ILogger<LocalLogFeed> log)
{
    private const int BatchSize = 500;

    public string Name => name;

    private readonly FailureWindow _failures = new();

    /// <summary>Why the feed has been failing, when it has for longer than <paramref name="threshold"/>; null when healthy.</summary>
    public string? Stuck(TimeSpan threshold) => _failures.Stuck($"log feed {name}", threshold);

    public async Task Run(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leases.Holds("feed:" + name, stoppingToken) || !await Step(stoppingToken))
                    await signal.Wait(kafka.Value.PollInterval(store.Shared), stoppingToken);
                _failures.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _failures.Failed(e);
                FeedFailed(name, e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
        await leases.ReleaseAll();
    }

    /// <summary>Handles the next batch; false when there was nothing to handle.</summary>
    private async Task<bool> Step(CancellationToken cancellationToken)
    {
        var checkpoint = await store.Store.GetCheckpoint(name, cancellationToken);
        var batch = await store.Store.ReadAll(checkpoint.Next, BatchSize, cancellationToken);
        if (batch.Count == 0) return false;

        // Decoded before the transaction: the store's single writer is held only for the handler's reads and writes.
        var decoded = batch.Select(serializer.Deserialize).ToList();
        await using var unit = await store.Store.BeginTransaction(EventSourcing.Store.WritePriorities.ForReader(batch.Count, BatchSize), cancellationToken);
        unit.GroupAppends = true; // the handler's appends go out together at commit
        foreach (var e in decoded) await handler(e, unit.Transaction, cancellationToken);
        if (!await store.Store.TryAdvanceCheckpoint(checkpoint, new Checkpoint(name, batch[^1].GlobalPosition), unit.Transaction, cancellationToken))
            return true; // another replica handled it first: roll back and read the checkpoint again
        await unit.Commit(cancellationToken);
        signal.Pulse(); // a saga step may have appended (a command it sent)
        return true;
    }

    [LoggerMessage(3, LogLevel.Warning, "Local log feed {Feed} failed; retrying")]
    private partial void FeedFailed(string feed, Exception error);
}
