using Microsoft.Extensions.Logging;

namespace Stormline.Broker.Log;

/// <summary>Retention: whole segments past retention.ms or beyond retention.bytes are deleted, oldest first (cleanup.policy with "delete").</summary>
public sealed partial class PartitionLog
{
    /// <summary>
    /// Deletes the oldest segments while the oldest one's largest timestamp is more than retention.ms before
    /// <paramref name="nowMs"/>, or while the log would still hold at least retention.bytes without it (Kafka's
    /// rules). When that reaches the active segment it is rolled first, so the log keeps an empty segment that
    /// starts at its end offset. Returns the number of segments deleted; the log start offset advances with them.
    /// </summary>
    public int EnforceRetention(long nowMs)
    {
        var deleted = 0;
        long startOffset;
        lock (_gate)
        {
            if (_disposed)
            {
                return 0;
            }

            var config = Config;
            if (!config.Delete)
            {
                // cleanup.policy=compact alone: the cleaner removes what is superseded, nothing ages out.
                return 0;
            }

            var total = TotalSizeUnlocked();
            while (!_segments[0].IsEmpty)
            {
                var oldest = _segments[0];
                var expired = config.RetentionMs >= 0 && nowMs - oldest.LargestTimestamp > config.RetentionMs;
                var oversize = config.RetentionBytes >= 0 && total - oldest.Size >= config.RetentionBytes;
                if (!expired && !oversize)
                {
                    break;
                }

                if (_segments.Count == 1)
                {
                    Roll(nowMs);
                }

                total -= oldest.Size;
                _segments.RemoveAt(0);
                oldest.Delete();
                deleted++;
            }

            if (deleted > 0)
            {
                UpdateStartOffsetUnlocked();
            }

            startOffset = _logStartOffset;
        }

        if (deleted > 0)
        {
            _logger.LogInformation("Retention deleted {Count} segment(s) of {Topic}-{Partition}; the log now starts at offset {LogStartOffset}", deleted, Topic, Partition, startOffset);
        }

        return deleted;
    }
}
