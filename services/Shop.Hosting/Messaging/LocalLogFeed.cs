using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Hosting.Storage;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;

namespace Shop.Hosting.Messaging;

/// <summary>
/// Feeds the service's own events, in log order, to a handler that writes to the process store (e.g. a saga), with the
/// checkpoint kept in the process store. Not one transaction with the handler: a crash between them hands the last
/// events over again, so the handler must tolerate repeats (saga steps do). Runs outside any events-store
/// transaction, so the lock order Process → Events holds.
/// </summary>
public sealed partial class LocalLogFeed(string name, Func<object, CancellationToken, Task> handler, ShopStores stores, EventSerializer serializer, AppendSignal signal, ILogger<LocalLogFeed> log)
{
    public async Task Run(CancellationToken stoppingToken)
    {
        var checkpoint = await stores.Process.GetCheckpoint(name, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await stores.Events.ReadAll(checkpoint.Next, 500, stoppingToken);
                if (batch.Count == 0)
                {
                    await signal.Wait(TimeSpan.FromMilliseconds(200), stoppingToken);
                    continue;
                }

                foreach (var e in batch) await handler(serializer.Deserialize(e), stoppingToken);
                var next = new Checkpoint(name, batch[^1].GlobalPosition);
                await stores.Process.InTransaction((tx, ct) => stores.Process.StoreCheckpoint(next, tx, ct), stoppingToken);
                checkpoint = next;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                FeedFailed(name, e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(3, LogLevel.Warning, "Local log feed {Feed} failed; retrying")]
    private partial void FeedFailed(string feed, Exception error);
}
