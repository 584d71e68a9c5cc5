using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>DeleteRecords: moving the log start offset forward on request.</summary>
public sealed partial class PartitionLog
{
    /// <summary>Asks for the high watermark as the new log start (Kafka's -1 in DeleteRecords).</summary>
    public const long HighWatermarkOffset = -1;

    /// <summary>
    /// Makes <paramref name="offset"/> (or the high watermark for <see cref="HighWatermarkOffset"/>) the log start
    /// offset, as Kafka's DeleteRecords does: the offset is fsynced to <see cref="LogFiles.LogStartOffsetFile"/> before
    /// this returns, so it survives a restart, and segments wholly below it are deleted (the active one never is).
    /// Reads below it then answer out of range. An offset at or below the current start changes nothing; one past the
    /// high watermark, or negative, is OFFSET_OUT_OF_RANGE; a failed write KAFKA_STORAGE_ERROR; a topic whose cleanup.policy
    /// lacks "delete" POLICY_VIOLATION. Returns the log start
    /// offset after the call (Kafka's low watermark).
    /// </summary>
    public (ErrorCode Error, long LowWatermark) DeleteRecordsBefore(long offset)
    {
        var deleted = 0;
        long start;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!Config.Delete)
            {
                // As Kafka: records of a topic whose cleanup.policy lacks "delete" are only ever removed by compaction.
                return (ErrorCode.PolicyViolation, _logStartOffset);
            }

            var target = offset == HighWatermarkOffset ? HighWatermark : offset;
            if (target < 0 || target > HighWatermark)
            {
                return (ErrorCode.OffsetOutOfRange, _logStartOffset);
            }

            if (target <= _logStartOffset)
            {
                return (ErrorCode.None, _logStartOffset);
            }

            try
            {
                OffsetCheckpoint.Write(Directory, LogFiles.LogStartOffsetFile, target);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogError(ex, "{Topic}-{Partition}: could not persist the log start offset {Offset}", Topic, Partition, target);
                return (ErrorCode.KafkaStorageError, _logStartOffset);
            }

            _deletedRecordsBelow = target;
            while (_segments.Count > 1 && _segments[1].BaseOffset <= target)
            {
                var oldest = _segments[0];
                _segments.RemoveAt(0);
                oldest.Delete();
                deleted++;
            }

            UpdateStartOffsetUnlocked();
            start = _logStartOffset;
        }

        _logger.LogInformation("DeleteRecords moved the start of {Topic}-{Partition} to offset {LogStartOffset} ({Count} segment(s) deleted)", Topic, Partition, start, deleted);
        return (ErrorCode.None, start);
    }
}
