using System.Text;
using System.Text.Json;

namespace Stormline.Registry.Storage;

/// <summary>
/// The append-only JSON-lines file that makes the registry durable. Every append is flushed to the disk before it returns,
/// so an acknowledged write survives a crash; on open, a torn last line (a crash mid-write) is cut off, while a bad line
/// followed by good ones is corruption and refuses to load. Not thread-safe: <see cref="SchemaRegistry"/> serialises calls.
/// </summary>
internal sealed class RegistryLogFile : IDisposable
{
    public const string FileName = "schemas.log";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly FileStream _stream;

    private RegistryLogFile(FileStream stream) => _stream = stream;

    public string Path => _stream.Name;

    /// <summary>Opens (creating if needed) the log in <paramref name="directory"/> and returns the records it holds.</summary>
    public static RegistryLogFile Open(string directory, out List<LogRecord> records)
    {
        Directory.CreateDirectory(directory);
        var stream = new FileStream(System.IO.Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            records = Replay(stream, out var goodLength);
            if (goodLength < stream.Length)
            {
                stream.SetLength(goodLength);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(0, SeekOrigin.End);
            return new RegistryLogFile(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends records as one write and flushes them to the disk; on failure the file is cut back so no half-record stays.</summary>
    public void Append(IReadOnlyList<LogRecord> records)
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
