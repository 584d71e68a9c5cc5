using System.Text;
using System.Text.Json;

namespace Stormline.Registry.Storage;

/// <summary>
/// The append-only JSON-lines file that makes the registry durable. Every append is flushed to the disk before it returns,
/// so an acknowledged write survives a crash; on open, a torn last line (a crash mid-write) is cut off, while a bad line
/// followed by good ones is corruption and refuses to load. Only this process writes it, so an append never meets
/// another writer's records. Not thread-safe: <see cref="SchemaRegistry"/> serialises calls.
/// </summary>
internal sealed class RegistryLogFile : IRegistryStore
{
    public const string FileName = "schemas.log";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly FileStream _stream;
    private List<LogRecord>? _loaded;

    private RegistryLogFile(FileStream stream, List<LogRecord> loaded)
    {
        _stream = stream;
        _loaded = loaded;
    }

    public string Path => _stream.Name;

    public string Location => Path;

    /// <summary>Opens (creating if needed) the log in <paramref name="directory"/>; the first <see cref="ReadNew"/> returns what it holds.</summary>
    public static RegistryLogFile Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var stream = new FileStream(System.IO.Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var records = Replay(stream, out var goodLength);
            if (goodLength < stream.Length)
            {
                stream.SetLength(goodLength);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(0, SeekOrigin.End);
            return new RegistryLogFile(stream, records);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public IReadOnlyList<LogRecord> ReadNew(bool toEnd)
    {
        var loaded = _loaded ?? [];
        _loaded = null;
        return loaded;
    }

    /// <summary>Appends records as one write and flushes them to the disk; on failure the file is cut back so no half-record stays.</summary>
    public IReadOnlyList<StoredRecord> Append(IReadOnlyList<LogRecord> records)
    {
        var builder = new StringBuilder();
        foreach (var record in records)
        {
            builder.Append(JsonSerializer.Serialize(record, Json)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        var start = _stream.Length;
        try
        {
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: true);
        }
        catch
        {
            _stream.SetLength(start);
            _stream.Seek(0, SeekOrigin.End);
            throw;
        }

        return [.. records.Select(r => new StoredRecord(r, Own: true))];
    }

    public void Dispose() => _stream.Dispose();

    private static List<LogRecord> Replay(FileStream stream, out long goodLength)
    {
        var bytes = new byte[stream.Length];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        var records = new List<LogRecord>();
        goodLength = 0;
        var position = 0;
        while (position < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', position);
            if (end < 0)
            {
                break; // no newline: the write of this line never finished
            }

            LogRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<LogRecord>(bytes.AsSpan(position, end - position), Json);
            }
            catch (JsonException) when (Array.IndexOf(bytes, (byte)'\n', end + 1) < 0)
            {
                break; // a garbled last line is a torn write, not corruption
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"registry log {stream.Name} is corrupt at byte {position}", ex);
            }

            if (record is not null)
            {
                records.Add(record);
            }

            position = end + 1;
            goodLength = position;
        }

        return records;
    }
}
