using System.Buffers.Binary;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Producers;

/// <summary>
/// Idempotent-producer bookkeeping for one partition: per producer id the epoch and the last five appended batches
/// (Kafka's ProducerStateEntry), so a retried batch is recognised and answered with its original offset.
/// Survives a restart: the log writes a snapshot (<c>OFFSET.snapshot</c>, the state of every batch below OFFSET)
/// when a segment rolls and when it closes, and on start loads the newest one and replays the batch headers after it.
/// Transactions (see the partial file): per producer the first offset of its open transaction, and the aborted
/// transactions of the partition, both in the snapshot since version 2 (version 1 snapshots, written before
/// transactions existed, still load). Since version 3 also each producer's last timestamp and coordinator epoch, which
/// DescribeProducers reports.
/// Not thread-safe: the owning partition log serialises calls.
/// </summary>
internal sealed partial class ProducerStateManager
{
    public const int CachedBatches = 5;

    private const short SnapshotVersion = 3;
    private const short SnapshotVersionWithoutTimestamps = 2;
    private const short SnapshotVersionWithoutTransactions = 1;

    private readonly Dictionary<long, ProducerStateEntry> _producers = [];

    public int Count => _producers.Count;

    /// <summary>Checks a batch before it is appended.</summary>
    public SequenceCheck Check(in RecordBatch batch)
    {
        if (!batch.HasProducerId || batch.BaseSequence < 0)
        {
            return SequenceCheck.Append;
        }

        if (!_producers.TryGetValue(batch.ProducerId, out var entry))
        {
            // No state for this producer (new, or its state aged out): accept any sequence, as Kafka does since KIP-360.
            return SequenceCheck.Append;
        }

        if (batch.ProducerEpoch < entry.Epoch)
        {
            return SequenceCheck.Reject(ErrorCode.InvalidProducerEpoch);
        }

        if (batch.ProducerEpoch > entry.Epoch)
        {
            return batch.BaseSequence == 0 ? SequenceCheck.Append : SequenceCheck.Reject(ErrorCode.OutOfOrderSequenceNumber);
        }

        foreach (var cached in entry.Batches)
        {
            if (cached.FirstSequence == batch.BaseSequence && cached.LastSequence == batch.LastSequence)
            {
                return SequenceCheck.Duplicate(cached.BaseOffset);
            }
        }

        var expected = entry.LastSequence == int.MaxValue ? 0 : entry.LastSequence + 1;
        if (batch.BaseSequence != expected)
        {
            // A retry of a batch older than the cached five, or a gap: both are out of order for the producer.
            return SequenceCheck.Reject(ErrorCode.OutOfOrderSequenceNumber);
        }

        return SequenceCheck.Append;
    }

    /// <summary>Records a batch that was appended (or recovered from the log) at its assigned offsets.</summary>
    public void Record(in RecordBatch batch)
    {
        if (!batch.HasProducerId || batch.IsControl || (batch.BaseSequence < 0 && !batch.IsTransactional))
        {
            return;
        }

        var entry = EntryAt(batch.ProducerId, batch.ProducerEpoch);
        if (batch.IsTransactional && entry.CurrentTxnFirstOffset < 0)
        {
            entry.CurrentTxnFirstOffset = batch.BaseOffset;
            _openTransactions++;
        }

        if (batch.BaseSequence < 0)
        {
            entry.LastTimestamp = batch.MaxTimestamp;
            return;
        }

        entry.LastTimestamp = batch.MaxTimestamp;
        entry.Batches.Enqueue(new CachedBatch(batch.BaseSequence, batch.LastSequence, batch.BaseOffset));
        while (entry.Batches.Count > CachedBatches)
        {
            entry.Batches.Dequeue();
        }

        entry.LastSequence = batch.LastSequence;
    }

    /// <summary>
    /// Writes the state to <paramref name="path"/> (through a temporary file and a rename, so a crash leaves either
    /// the old file or the whole new one). Format, big-endian: version int16, CRC-32C int32 of the rest, offset int64,
    /// producer count int32, then per producer: id int64, epoch int16, last sequence int32, batch count int32 and per
    /// batch first sequence int32, last sequence int32, base offset int64, then (v2) the first offset of its open
    /// transaction int64 (-1: none), (v3) its last timestamp int64 and coordinator epoch int32; then (v2) the aborted transaction count int32 and per aborted transaction producer
    /// id int64, first offset int64, last offset (its ABORT marker) int64.
    /// </summary>
    public void WriteSnapshot(string path, long offset, bool flushToDisk)
    {
        var size = 2 + 4 + 8 + 4 + 4 + (_aborted.Count * 24);
        foreach (var entry in _producers.Values)
        {
            size += 8 + 2 + 4 + 4 + (entry.Batches.Count * 16) + 8 + 8 + 4;
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt16BigEndian(span, SnapshotVersion);
        var position = 6;
        BinaryPrimitives.WriteInt64BigEndian(span[position..], offset);
        position += 8;
        BinaryPrimitives.WriteInt32BigEndian(span[position..], _producers.Count);
        position += 4;
        foreach (var (producerId, entry) in _producers)
        {
            BinaryPrimitives.WriteInt64BigEndian(span[position..], producerId);
            BinaryPrimitives.WriteInt16BigEndian(span[(position + 8)..], entry.Epoch);
            BinaryPrimitives.WriteInt32BigEndian(span[(position + 10)..], entry.LastSequence);
            BinaryPrimitives.WriteInt32BigEndian(span[(position + 14)..], entry.Batches.Count);
            position += 18;
            foreach (var batch in entry.Batches)
            {
                BinaryPrimitives.WriteInt32BigEndian(span[position..], batch.FirstSequence);
                BinaryPrimitives.WriteInt32BigEndian(span[(position + 4)..], batch.LastSequence);
                BinaryPrimitives.WriteInt64BigEndian(span[(position + 8)..], batch.BaseOffset);
                position += 16;
            }

            BinaryPrimitives.WriteInt64BigEndian(span[position..], entry.CurrentTxnFirstOffset);
            BinaryPrimitives.WriteInt64BigEndian(span[(position + 8)..], entry.LastTimestamp);
            BinaryPrimitives.WriteInt32BigEndian(span[(position + 16)..], entry.CoordinatorEpoch);
            position += 20;
        }

        position = WriteAborted(span, position);
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], Crc32C.Compute(span[6..]));
        var temp = path + ".tmp";
        using (var file = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(file, span, 0);
            if (flushToDisk)
            {
                RandomAccess.FlushToDisk(file);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Replaces the state with a snapshot's; false (state untouched) if the file is unreadable or damaged.</summary>
    public bool TryLoadSnapshot(string path, long offset)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return false;
        }

        var span = bytes.AsSpan();
        var version = span.Length < 2 ? (short)0 : BinaryPrimitives.ReadInt16BigEndian(span);
        if (span.Length < 18 || version is not (SnapshotVersion or SnapshotVersionWithoutTimestamps or SnapshotVersionWithoutTransactions)
            || BinaryPrimitives.ReadUInt32BigEndian(span[2..]) != Crc32C.Compute(span[6..])
            || BinaryPrimitives.ReadInt64BigEndian(span[6..]) != offset)
        {
            return false;
        }

        var loaded = new Dictionary<long, ProducerStateEntry>();
        var count = BinaryPrimitives.ReadInt32BigEndian(span[14..]);
        var position = 18;
        for (var i = 0; i < count; i++)
        {
            if (position + 18 > span.Length)
            {
                return false;
            }

            var entry = new ProducerStateEntry(BinaryPrimitives.ReadInt16BigEndian(span[(position + 8)..]))
            {
                LastSequence = BinaryPrimitives.ReadInt32BigEndian(span[(position + 10)..]),
            };
            loaded[BinaryPrimitives.ReadInt64BigEndian(span[position..])] = entry;
            var batches = BinaryPrimitives.ReadInt32BigEndian(span[(position + 14)..]);
            position += 18;
            if (batches < 0 || batches > CachedBatches || position + (batches * 16) > span.Length)
            {
                return false;
            }

            for (var b = 0; b < batches; b++)
            {
                entry.Batches.Enqueue(new CachedBatch(
                    BinaryPrimitives.ReadInt32BigEndian(span[position..]),
                    BinaryPrimitives.ReadInt32BigEndian(span[(position + 4)..]),
                    BinaryPrimitives.ReadInt64BigEndian(span[(position + 8)..])));
                position += 16;
            }

            if (version >= SnapshotVersionWithoutTimestamps)
            {
                if (position + 8 > span.Length)
                {
                    return false;
                }

                entry.CurrentTxnFirstOffset = BinaryPrimitives.ReadInt64BigEndian(span[position..]);
                position += 8;
            }

            if (version == SnapshotVersion)
            {
                if (position + 12 > span.Length)
                {
                    return false;
                }

                entry.LastTimestamp = BinaryPrimitives.ReadInt64BigEndian(span[position..]);
                entry.CoordinatorEpoch = BinaryPrimitives.ReadInt32BigEndian(span[(position + 8)..]);
                position += 12;
            }
        }

        var aborted = new List<AbortedTransaction>();
        if (version >= SnapshotVersionWithoutTimestamps && !TryReadAborted(span, position, aborted))
        {
            return false;
        }

        _producers.Clear();
        foreach (var (id, entry) in loaded)
        {
            _producers[id] = entry;
        }

        ReplaceTransactions(aborted);
        return true;
    }


    private sealed class ProducerStateEntry(short epoch)
    {
        public short Epoch { get; } = epoch;

        /// <summary>The max timestamp of the producer's last batch here; -1 before any.</summary>
        public long LastTimestamp { get; set; } = -1;

        /// <summary>The coordinator epoch of the producer's last marker here; -1 before any.</summary>
        public int CoordinatorEpoch { get; set; } = -1;

        public int LastSequence { get; set; } = -1;

        /// <summary>The offset of the producer's first batch in its open transaction here; -1 when none is open.</summary>
        public long CurrentTxnFirstOffset { get; set; } = -1;

        public Queue<CachedBatch> Batches { get; } = new();
    }

    private readonly record struct CachedBatch(int FirstSequence, int LastSequence, long BaseOffset);
}
