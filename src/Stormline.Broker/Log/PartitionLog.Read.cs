using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>Reads: fetches by offset and lookups by timestamp, both through the segment indexes.</summary>
public sealed partial class PartitionLog
{
    private const int HeaderWalkBufferBytes = 8192;

    /// <summary>
    /// Copies whole batches starting with the one that holds <paramref name="offset"/> into a new buffer, up to
    /// <paramref name="maxBytes"/>, but always at least one whole batch (KIP-74) when <paramref name="minOneBatch"/>.
    /// Returns null when the offset is out of range, an empty buffer when there is nothing yet. Reads stay within
    /// one segment, as Kafka's do. With <paramref name="endOffset"/> (read_committed: the last stable offset) no batch
    /// that starts at or after it is returned.
    /// </summary>
    public byte[]? Read(long offset, int maxBytes, bool minOneBatch, long endOffset = long.MaxValue)
    {
        var retried = false;
        while (true)
        {
            LogSegment segment;
            long from;
            long boundary;
            long end;
            long nextBase;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (offset < _logStartOffset || offset > _logEndOffset)
                {
                    return null;
                }

                if (offset == _logEndOffset || offset >= endOffset)
                {
                    return [];
                }

                var index = FindSegment(offset);
                segment = _segments[index];
                nextBase = index + 1 < _segments.Count ? _segments[index + 1].BaseOffset : -1;
                from = segment.OffsetIndex.Lookup(offset).Position;
                // A batch boundary no later than where maxBytes from the first batch can reach: the end of the
                // read is searched from here rather than from the first batch.
                boundary = segment.OffsetIndex.LookupByPosition(from + maxBytes).Position;
                end = segment.Size;
            }

            try
            {
                if (ReadBatches(segment, offset, from, boundary, end, maxBytes, minOneBatch, endOffset) is { } batches)
                {
                    return batches;
                }

                if (nextBase < 0)
                {
                    return [];
                }

                // Compaction removed everything from the offset to the end of this segment: the next record is in
                // the next segment (offsets keep their gaps, as in Kafka).
                offset = nextBase;
            }
            catch (ObjectDisposedException) when (!retried)
            {
                // Retention or the cleaner replaced the segment after the lookup: look again.
                retried = true;
            }
        }
    }

    /// <summary>The batches from the one holding <paramref name="offset"/>; null when this segment holds nothing at or after it.</summary>
    private static byte[]? ReadBatches(LogSegment segment, long offset, long from, long boundary, long end, int maxBytes, bool minOneBatch, long endOffset)
    {
        Span<byte> walk = stackalloc byte[HeaderWalkBufferBytes];
        var cursor = new BatchCursor(segment.File, from, end, walk);
        while (cursor.TryRead() && cursor.Current.LastOffset < offset)
        {
            cursor.MoveNext();
        }

        if (cursor.AtEnd || cursor.Current.LastOffset < offset)
        {
            return null;
        }

        var start = cursor.Position;
        var first = cursor.Current.TotalSize;
        long length;
        if (end - start <= maxBytes)
        {
            // The usual tailing fetch: the rest of the segment fits, and a segment ends on a batch boundary.
            length = end - start;
        }
        else if (first > maxBytes)
        {
            if (!minOneBatch)
            {
                return [];
            }

            length = first;
        }
        else
        {
            // Walk the headers from the last indexed boundary before the limit to the last batch that fits.
            var limit = start + maxBytes;
            var tail = new BatchCursor(segment.File, Math.Max(boundary, start), end, walk);
            while (tail.TryRead() && tail.Position + tail.Current.TotalSize <= limit)
            {
                tail.MoveNext();
            }

            length = tail.Position - start;
        }

        if (endOffset != long.MaxValue)
        {
            // read_committed: stop before the first batch of a transaction that is still open.
            var stable = new BatchCursor(segment.File, start, start + length, walk);
            while (stable.TryRead() && stable.Current.BaseOffset < endOffset)
            {
                stable.MoveNext();
            }

            length = stable.Position - start;
        }

        var buffer = new byte[length];
        segment.ReadFully(start, buffer);
        return buffer;
    }

    /// <summary>Under the lock: the segment whose range holds <paramref name="offset"/> (the last one whose base is at or below it).</summary>
    private int FindSegment(long offset)
    {
        var lo = 0;
        var hi = _segments.Count - 1;
        var found = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_segments[mid].BaseOffset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    /// <summary>
    /// The earliest offset whose record has a timestamp at or after <paramref name="timestamp"/>, or -1 if none:
    /// the first segment whose largest timestamp reaches it, its time index for where to start, its offset index for
    /// the position, then batch headers. Inside an uncompressed batch the record itself is found; in a compressed one
    /// the answer is the batch's first offset.
    /// </summary>
    public long OffsetForTimestamp(long timestamp) => FindByTimestamp(timestamp).Offset;

    /// <summary>As <see cref="OffsetForTimestamp"/>, with the found record's own timestamp.</summary>
    public TimestampMatch FindByTimestamp(long timestamp)
    {
        for (var attempt = 0; ; attempt++)
        {
            LogSegment? segment = null;
            long from = 0;
            long end = 0;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                foreach (var candidate in _segments)
                {
                    if (candidate.MaxTimestamp >= timestamp)
                    {
                        segment = candidate;
                        from = candidate.OffsetIndex.Lookup(candidate.TimeIndex.Lookup(timestamp).Offset).Position;
                        end = candidate.Size;
                        break;
                    }
                }
            }

            if (segment is null)
            {
                return TimestampMatch.None;
            }

            try
            {
                var match = FindInSegment(segment, from, end, timestamp);
                return match.Offset < 0 ? match : match with { Offset = Math.Max(match.Offset, LogStartOffset) };
            }
            catch (ObjectDisposedException) when (attempt == 0)
            {
                // Retention deleted the segment after the lookup: look again.
            }
        }
    }

    /// <summary>
    /// The first record with the largest timestamp of the log (ListOffsets -3, KIP-734), found as the first record at
    /// or after that timestamp; <see cref="TimestampMatch.None"/> when no record has a timestamp.
    /// </summary>
    public TimestampMatch FindMaxTimestamp()
    {
        long max = -1;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var segment in _segments)
            {
                max = Math.Max(max, segment.MaxTimestamp);
            }
        }

        return max < 0 ? TimestampMatch.None : FindByTimestamp(max);
    }

    private static TimestampMatch FindInSegment(LogSegment segment, long from, long end, long timestamp)
    {
        Span<byte> walk = stackalloc byte[HeaderWalkBufferBytes];
        var cursor = new BatchCursor(segment.File, from, end, walk);
        while (cursor.TryRead())
        {
            var batch = cursor.Current;
            if (batch.MaxTimestamp >= timestamp)
            {
                if (cursor.TryGetBatch(out var bytes))
                {
                    return RecordTimestamps.FirstAtOrAfter(bytes, batch, timestamp);
                }

                var whole = new byte[batch.TotalSize];
                segment.ReadFully(cursor.Position, whole);
                return RecordTimestamps.FirstAtOrAfter(whole, batch, timestamp);
            }

            cursor.MoveNext();
        }

        return TimestampMatch.None;
    }
}
