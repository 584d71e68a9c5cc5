using Microsoft.Extensions.Logging;

namespace Stormline.Broker.Log;

/// <summary>
/// The broker's one log cleaner (Kafka's LogCleaner with one thread): a background loop that, each pass, cleans the
/// compacted partition that needs it most (the largest uncleaned share, see <see cref="PartitionLog.CleaningPriority"/>),
/// with a bounded number of keys per pass, and sleeps log.cleaner.backoff.ms when none needs it.
/// </summary>
public sealed class LogCleaner(Func<IEnumerable<PartitionLog>> partitions, long backoffMs, ILogger logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Cleans until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var cleaned = false;
            try
            {
                cleaned = CleanOnce();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The log is unchanged (a pass swaps nothing until its files are complete); try again after the backoff.
                logger.LogError(ex, "Log cleaning failed");
            }

            if (!cleaned)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, backoffMs)), _time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: cleans the partition that needs it most; false when none needed cleaning.</summary>
    public bool CleanOnce()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        PartitionLog? dirtiest = null;
        var highest = -1.0;
        foreach (var partition in partitions())
        {
            try
            {
                var priority = partition.CleaningPriority(nowMs);
                if (priority > highest)
                {
                    (dirtiest, highest) = (partition, priority);
                }
            }
            catch (ObjectDisposedException)
            {
                // The topic was deleted meanwhile.
            }
        }

        return dirtiest is not null && dirtiest.Clean(nowMs) > 0;
    }
}
