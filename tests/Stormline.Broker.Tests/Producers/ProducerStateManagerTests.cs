using Stormline.Broker.Producers;
using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Log;

namespace Stormline.Broker.Tests.Producers;

public sealed class ProducerStateManagerTests : IDisposable
{
    private readonly LogDirectory _directory = new();

    private string SnapshotPath => Path.Combine(_directory.Path, "00000000000000000100.snapshot");

    [Fact]
    public void A_snapshot_restores_duplicate_detection_for_the_last_five_batches()
    {
        var state = new ProducerStateManager();
        for (var i = 0; i < 7; i++)
        {
            state.Record(Batch(producerId: 1, sequence: i * 2, offset: i * 2));
        }

        state.Record(Batch(producerId: 2, sequence: 0, offset: 14, epoch: 3));
        state.WriteSnapshot(SnapshotPath, 100, flushToDisk: true);

        var loaded = new ProducerStateManager();
        Assert.True(loaded.TryLoadSnapshot(SnapshotPath, 100));

        Assert.Equal(2, loaded.Count);
        Assert.Equal(4, loaded.Check(Batch(producerId: 1, sequence: 4, offset: -1)).DuplicateOfOffset);
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, loaded.Check(Batch(producerId: 1, sequence: 2, offset: -1)).Error);
        Assert.Equal(SequenceCheck.Append, loaded.Check(Batch(producerId: 1, sequence: 14, offset: -1)));
        Assert.Equal(ErrorCode.InvalidProducerEpoch, loaded.Check(Batch(producerId: 2, sequence: 1, offset: -1, epoch: 2)).Error);
    }

    [Fact]
    public void A_damaged_snapshot_is_refused_and_leaves_the_state_alone()
    {
        var state = new ProducerStateManager();
        state.Record(Batch(producerId: 1, sequence: 0, offset: 0));
        state.WriteSnapshot(SnapshotPath, 100, flushToDisk: false);
        var bytes = File.ReadAllBytes(SnapshotPath);
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(SnapshotPath, bytes);

        var other = new ProducerStateManager();
        other.Record(Batch(producerId: 9, sequence: 0, offset: 0));

        Assert.False(other.TryLoadSnapshot(SnapshotPath, 100));
        Assert.Equal(1, other.Count);
        Assert.Equal(0, other.Check(Batch(producerId: 9, sequence: 0, offset: -1)).DuplicateOfOffset);
    }

    [Fact]
    public void A_snapshot_is_refused_under_another_offset_than_its_own()
    {
        var state = new ProducerStateManager();
        state.Record(Batch(producerId: 1, sequence: 0, offset: 0));
        state.WriteSnapshot(SnapshotPath, 100, flushToDisk: false);

        Assert.False(new ProducerStateManager().TryLoadSnapshot(SnapshotPath, 99));
    }

    [Fact]
    public void Open_and_aborted_transactions_survive_a_snapshot()
    {
        var state = new ProducerStateManager();
        state.Record(Batch(producerId: 1, sequence: 0, offset: 10) with { Attributes = 0x10 });
        state.Record(Batch(producerId: 2, sequence: 0, offset: 12) with { Attributes = 0x10 });
        state.CompleteTransaction(producerId: 1, epoch: 0, markerOffset: 14, commit: false);
        state.WriteSnapshot(SnapshotPath, 100, flushToDisk: false);

        var loaded = new ProducerStateManager();
        Assert.True(loaded.TryLoadSnapshot(SnapshotPath, 100));

        Assert.Equal(12, loaded.FirstUnstableOffset);
        Assert.Equal([new AbortedTransaction(1, 10, 14)], loaded.AbortedTransactions(0, 100));
        Assert.True(loaded.HasOpenTransaction(2));
        Assert.False(loaded.HasOpenTransaction(1));
    }

    [Fact]
    public void What_DescribeProducers_reports_survives_a_snapshot()
    {
        var state = new ProducerStateManager();
        state.Record(Batch(producerId: 1, sequence: 0, offset: 10) with { Attributes = 0x10, MaxTimestamp = 1_700_000_000_123 });
        state.CompleteTransaction(producerId: 1, epoch: 0, markerOffset: 12, commit: true, coordinatorEpoch: 4);
        state.Record(Batch(producerId: 2, sequence: 6, offset: 13, epoch: 3) with { Attributes = 0x10, MaxTimestamp = 1_700_000_000_456 });
        state.WriteSnapshot(SnapshotPath, 100, flushToDisk: false);

        var loaded = new ProducerStateManager();
        Assert.True(loaded.TryLoadSnapshot(SnapshotPath, 100));

        Assert.Equal(
            [new ActiveProducer(1, 0, 1, 1_700_000_000_123, 4, -1), new ActiveProducer(2, 3, 7, 1_700_000_000_456, -1, 13)],
            loaded.ActiveProducers().OrderBy(p => p.ProducerId));
    }

    [Fact]
    public void A_version_2_snapshot_from_before_producer_timestamps_still_loads()
    {
        // Version 2: offset, one producer (id 7, epoch 2, last sequence 4, no batches, open transaction from 90), no aborted ones.
        var rest = new byte[8 + 4 + 8 + 2 + 4 + 4 + 8 + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(rest, 100);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(rest.AsSpan(8), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(rest.AsSpan(12), 7);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(rest.AsSpan(20), 2);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(rest.AsSpan(22), 4);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(rest.AsSpan(30), 90);
        WriteSnapshotFile(version: 2, rest);

        var loaded = new ProducerStateManager();
        Assert.True(loaded.TryLoadSnapshot(SnapshotPath, 100));

        Assert.Equal([new ActiveProducer(7, 2, 4, -1, -1, 90)], loaded.ActiveProducers());
        Assert.Equal(90, loaded.FirstUnstableOffset);
    }

    [Fact]
    public void A_version_1_snapshot_from_before_transactions_still_loads()
    {
        // Version 1: version, CRC-32C of the rest, offset, one producer (id 7, epoch 2, last sequence 4, no batches).
        var rest = new byte[8 + 4 + 8 + 2 + 4 + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(rest, 100);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(rest.AsSpan(8), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(rest.AsSpan(12), 7);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(rest.AsSpan(20), 2);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(rest.AsSpan(22), 4);
        WriteSnapshotFile(version: 1, rest);

        var loaded = new ProducerStateManager();
        Assert.True(loaded.TryLoadSnapshot(SnapshotPath, 100));

        Assert.Equal(1, loaded.Count);
        Assert.Equal(2, loaded.EpochOf(7));
        Assert.Equal(SequenceCheck.Append, loaded.Check(Batch(producerId: 7, sequence: 5, offset: -1, epoch: 2)));
        Assert.Equal(-1, loaded.FirstUnstableOffset);
    }

    /// <summary>A snapshot file of an older version as that version wrote it: version, CRC-32C of the rest, the rest.</summary>
    private void WriteSnapshotFile(short version, byte[] rest)
    {
        var crc = ~rest.Aggregate(0xFFFFFFFFu, (c, b) => System.Numerics.BitOperations.Crc32C(c, b));
        var file = new byte[6 + rest.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(file, version);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(2), crc);
        rest.CopyTo(file, 6);
        File.WriteAllBytes(SnapshotPath, file);
    }

    private static RecordBatch Batch(long producerId, int sequence, long offset, short epoch = 0) =>
        RecordBatch.ReadHeader(TestBatches.Create(records: 2, producerId: producerId, epoch: epoch, baseSequence: sequence)) with { BaseOffset = offset };

    public void Dispose() => _directory.Dispose();
}
