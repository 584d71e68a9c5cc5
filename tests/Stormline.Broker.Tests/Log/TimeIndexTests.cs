using System.Buffers.Binary;
using Stormline.Broker.Log;

namespace Stormline.Broker.Tests.Log;

public sealed class TimeIndexTests : IDisposable
{
    private readonly LogDirectory _directory = new();

    private string IndexPath => _directory.File(100, LogFiles.TimeIndexSuffix);

    [Fact]
    public void Only_a_larger_timestamp_adds_an_entry()
    {
        using var index = TimeIndex.Open(IndexPath, 100, 1 << 20);
        index.MaybeAppend(5_000, 100);
        index.MaybeAppend(5_000, 110);
        index.MaybeAppend(4_000, 120);
        index.MaybeAppend(6_000, 130);

        Assert.Equal(2, index.Count);
        Assert.Equal(new TimestampOffset(6_000, 130), index.LastEntry);
    }

    [Fact]
    public void Lookup_returns_the_last_entry_older_than_the_target()
    {
        using var index = TimeIndex.Open(IndexPath, 100, 1 << 20);
        index.MaybeAppend(1_000, 100);
        index.MaybeAppend(2_000, 110);
        index.MaybeAppend(3_000, 120);

        Assert.Equal(new TimestampOffset(-1, 100), index.Lookup(1_000));
        Assert.Equal(new TimestampOffset(1_000, 100), index.Lookup(1_500));
        Assert.Equal(new TimestampOffset(1_000, 100), index.Lookup(2_000));
        Assert.Equal(new TimestampOffset(2_000, 110), index.Lookup(2_001));
        Assert.Equal(new TimestampOffset(3_000, 120), index.Lookup(9_999));
    }

    [Fact]
    public void Entries_are_stored_as_big_endian_timestamp_and_relative_offset()
    {
        using (var index = TimeIndex.Open(IndexPath, 100, 1 << 20))
        {
            index.MaybeAppend(1_700_000_000_000, 142);
            index.Flush();
        }

        var bytes = File.ReadAllBytes(IndexPath);
        Assert.Equal(TimeIndex.EntrySize, bytes.Length);
        Assert.Equal(1_700_000_000_000, BinaryPrimitives.ReadInt64BigEndian(bytes));
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)));
    }

    [Fact]
    public void Entries_written_to_the_file_are_loaded_again()
    {
        using (var index = TimeIndex.Open(IndexPath, 100, 1 << 20))
        {
            index.MaybeAppend(1_000, 100);
            index.MaybeAppend(2_000, 150);
            index.WritePending();
        }

        using var reopened = TimeIndex.Open(IndexPath, 100, 1 << 20);
        Assert.Equal(2, reopened.Count);
        Assert.Equal(new TimestampOffset(2_000, 150), reopened.LastEntry);
        Assert.Null(reopened.SanityCheck(nextOffset: 151));
    }

    [Fact]
    public void Sanity_check_rejects_an_entry_past_the_log_end()
    {
        using var index = TimeIndex.Open(IndexPath, 100, 1 << 20);
        index.MaybeAppend(2_000, 150);

        Assert.NotNull(index.SanityCheck(nextOffset: 150));
    }

    [Fact]
    public void Sanity_check_rejects_timestamps_that_go_backwards()
    {
        var bytes = new byte[2 * TimeIndex.EntrySize];
        BinaryPrimitives.WriteInt64BigEndian(bytes, 2_000);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(12), 1_000);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 2);
        File.WriteAllBytes(IndexPath, bytes);

        using var index = TimeIndex.Open(IndexPath, 100, 1 << 20);
        Assert.Contains("out of order", index.SanityCheck(nextOffset: 1_000));
    }

    public void Dispose() => _directory.Dispose();
}
