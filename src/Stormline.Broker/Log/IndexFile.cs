using Microsoft.Win32.SafeHandles;

namespace Stormline.Broker.Log;

/// <summary>
/// The file behind a sparse index: fixed-size big-endian entries, kept whole in memory (as Kafka keeps its indexes
/// memory-mapped) and written to the OS in chunks of <see cref="WriteChunkEntries"/>, so an index append costs no
/// system call. The owning segment writes the remainder when it rolls or closes; the active segment's files are
/// rebuilt after a crash anyway. Not thread-safe: the partition log serialises calls.
/// </summary>
internal sealed class IndexFile : IDisposable
{
    public const int WriteChunkEntries = 512;

    private readonly SafeFileHandle _file;
    private readonly int _entrySize;
    private readonly int _maxEntries;
    private byte[] _entries;
    private int _written;

    private IndexFile(string path, SafeFileHandle file, int entrySize, int maxEntries, byte[] entries, int count, bool lengthIsWhole)
    {
        FilePath = path;
        _file = file;
        _entrySize = entrySize;
        _maxEntries = maxEntries;
        _entries = entries;
        Count = count;
        _written = count;
        LengthIsWhole = lengthIsWhole;
    }

    public string FilePath { get; }

    public int Count { get; private set; }

    /// <summary>False when the file on disk ended in a partial entry: it was not written completely.</summary>
    public bool LengthIsWhole { get; private set; }

    /// <summary>Kafka rolls a segment when an index reaches segment.index.bytes; so do we.</summary>
    public bool IsFull => Count >= _maxEntries;

    /// <summary>Opens (or creates) the file and loads every whole entry in it.</summary>
    public static IndexFile Open(string path, int entrySize, int maxIndexBytes)
    {
        var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            var length = RandomAccess.GetLength(file);
            var count = (int)Math.Min(length / entrySize, int.MaxValue / entrySize);
            var entries = new byte[Math.Max(64, count) * entrySize];
            var read = 0;
            var wanted = count * entrySize;
            while (read < wanted)
            {
                var n = RandomAccess.Read(file, entries.AsSpan(read, wanted - read), read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return new IndexFile(path, file, entrySize, Math.Max(1, maxIndexBytes / entrySize), entries, read / entrySize, length % entrySize == 0);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public ReadOnlySpan<byte> Entry(int index) => _entries.AsSpan(index * _entrySize, _entrySize);

    public void Append(ReadOnlySpan<byte> entry)
    {
        if ((Count + 1) * _entrySize > _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        entry.CopyTo(_entries.AsSpan(Count * _entrySize, _entrySize));
        Count++;
        if (Count - _written >= WriteChunkEntries)
        {
            WritePending();
        }
    }

    /// <summary>Hands entries not yet written to the OS; a process crash no longer loses them after this.</summary>
    public void WritePending()
    {
        if (_written == Count)
        {
            return;
        }

        RandomAccess.Write(_file, _entries.AsSpan(_written * _entrySize, (Count - _written) * _entrySize), (long)_written * _entrySize);
        _written = Count;
    }

    public void Flush()
    {
        WritePending();
        RandomAccess.FlushToDisk(_file);
    }

    /// <summary>Drops every entry, in memory and on disk, before the index is rebuilt from the log.</summary>
    public void Clear()
    {
        Count = 0;
        _written = 0;
        LengthIsWhole = true;
        RandomAccess.SetLength(_file, 0);
    }

    public void Dispose() => _file.Dispose();

    public void Delete()
    {
        _file.Dispose();
        File.Delete(FilePath);
    }
}
