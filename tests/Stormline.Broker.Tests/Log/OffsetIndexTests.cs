using System.Buffers.Binary;
using Stormline.Broker.Log;

namespace Stormline.Broker.Tests.Log;

public sealed class OffsetIndexTests : IDisposable
{
    private readonly LogDirectory _directory = new();

    private string IndexPath => _directory.File(100, LogFiles.IndexSuffix);

    [Fact]
    public void Lookup_finds_the_last_entry_at_or_before_the_offset()
    {
        using var index = OffsetIndex.Open(IndexPath, 100, 1 << 20);
        index.Append(110, 4_000);
        index.Append(125, 8_100);
        index.Append(140, 12_300);

        Assert.Equal(new OffsetPosition(100, 0), index.Lookup(105));
        Assert.Equal(new OffsetPosition(110, 4_000), index.Lookup(110));
        Assert.Equal(new OffsetPosition(110, 4_000), index.Lookup(124));
        Assert.Equal(new OffsetPosition(125, 8_100), index.Lookup(139));
        Assert.Equal(new OffsetPosition(140, 12_300), index.Lookup(10_000));
    }

    [Fact]
    public void An_empty_index_points_at_the_start_of_the_segment()
    {
        using var index = OffsetIndex.Open(IndexPath, 100, 1 << 20);

        Assert.Equal(new OffsetPosition(100, 0), index.Lookup(150));
        Assert.Equal(new OffsetPosition(100, 0), index.LastEntry);
    }

    [Fact]
    public void Entries_are_stored_as_big_endian_relative_offset_and_position()
    {
        using (var index = OffsetIndex.Open(IndexPath, 100, 1 << 20))
        {
            index.Append(110, 4_000);
            index.Flush();
        }

        var bytes = File.ReadAllBytes(IndexPath);
        Assert.Equal(OffsetIndex.EntrySize, bytes.Length);
        Assert.Equal(10, BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal(4_000, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void Entries_written_to_the_file_are_loaded_again()
    {
        using (var index = OffsetIndex.Open(IndexPath, 100, 1 << 20))
        {
            for (var i = 1; i <= 1_000; i++)
            {
                index.Append(100 + (i * 10), i * 1_000);
            }

            index.WritePending();
        }

        using var reopened = OffsetIndex.Open(IndexPath, 100, 1 << 20);
        Assert.Equal(1_000, reopened.Count);
        Assert.Equal(new OffsetPosition(5_100, 500_000), reopened.Lookup(5_105));
        Assert.Null(reopened.SanityCheck(logSize: 1_000_001));
    }

    [Fact]
    public void Entries_reach_the_file_in_chunks_without_an_explicit_write()
    {
        using var index = OffsetIndex.Open(IndexPath, 0, 1 << 20);
        for (var i = 1; i <= IndexFile.WriteChunkEntries; i++)
        {
            index.Append(i, i * 100);
        }

        Assert.Equal(IndexFile.WriteChunkEntries * OffsetIndex.EntrySize, new FileInfo(IndexPath).Length);
    }

    [Fact]
    public void Sanity_check_rejects_a_partial_entry()
    {
        using (var index = OffsetIndex.Open(IndexPath, 100, 1 << 20))
        {
            index.Append(110, 4_000);
            index.Flush();
        }

        using (var stream = File.OpenWrite(IndexPath))
        {
            stream.SetLength(OffsetIndex.EntrySize + 3);
        }

        using var reopened = OffsetIndex.Open(IndexPath, 100, 1 << 20);
        Assert.Contains("partial entry", reopened.SanityCheck(logSize: 10_000));
    }

    [Fact]
    public void Sanity_check_rejects_an_entry_past_the_end_of_the_log()
    {
        using var index = OffsetIndex.Open(IndexPath, 100, 1 << 20);
        index.Append(110, 4_000);

        Assert.Null(index.SanityCheck(logSize: 4_001));
        Assert.NotNull(index.SanityCheck(logSize: 4_000));
    }

    [Fact]
    public void Sanity_check_rejects_entries_out_of_order()
    {
        File.WriteAllBytes(IndexPath, [0, 0, 0, 20, 0, 0, 16, 0, 0, 0, 0, 10, 0, 0, 32, 0]);

        using var index = OffsetIndex.Open(IndexPath, 100, 1 << 20);
        Assert.Contains("out of order", index.SanityCheck(logSize: 1 << 20));
    }

    [Fact]
    public void Clear_empties_the_file()
    {
        using var index = OffsetIndex.Open(IndexPath, 100, 1 << 20);
        index.Append(110, 4_000);
        index.Flush();

        index.Clear();

        Assert.Equal(0, index.Count);
        Assert.Equal(0, new FileInfo(IndexPath).Length);
    }

    [Fact]
    public void The_index_is_full_at_segment_index_bytes()
    {
        using var index = OffsetIndex.Open(IndexPath, 0, maxIndexBytes: 3 * OffsetIndex.EntrySize);
        index.Append(1, 100);
        index.Append(2, 200);
        Assert.False(index.IsFull);

        index.Append(3, 300);
        Assert.True(index.IsFull);
    }

    public void Dispose() => _directory.Dispose();
}
