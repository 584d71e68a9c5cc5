using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>
/// The append-only file behind <see cref="OffsetStore"/>, <c>meta/consumer-offsets.log</c>. After an 8-byte magic,
/// each record is <c>int32 payload length, uint32 CRC-32C of the payload, payload</c>; the payload is a type byte and
/// fields in Kafka's classic primitive encoding:
/// <list type="bullet">
/// <item>1 commit: group, int32 count, then per partition: topic, int32 partition, int64 offset, int32 leader epoch,
/// nullable metadata, int64 commit time. One record per OffsetCommit request, so a crash keeps all or none of it.</item>
/// <item>2 delete group: group (a tombstone for every offset of the group).</item>
/// <item>3 delete offsets: group, int32 count, then per partition: topic, int32 partition (OffsetDelete, expiry).</item>
/// <item>4 delete topic: topic (a tombstone for that topic's offsets in every group, in one record).</item>
/// </list>
/// Reading stops at the first record that is cut short or fails its CRC (a write torn by a crash); the store then
/// rewrites the file, which drops that tail. Appends are handed to the OS before <see cref="Append"/> returns, so they
/// survive the process being killed, and fsynced when the store's flush policy says so; a rewrite is fsynced before it
/// atomically replaces the file, and the directory after.
/// Not thread-safe: <see cref="OffsetStore"/> serialises every call.
/// </summary>
internal sealed class OffsetLog : IDisposable
{
    private const int HeaderSize = 8;
    private const int RecordOverhead = 8;
    private const byte CommitType = 1;
    private const byte DeleteGroupType = 2;
    private const byte DeleteOffsetsType = 3;
    private const byte DeleteTopicType = 4;
    private static readonly byte[] Magic = "SLOFFS01"u8.ToArray();

    private readonly FileStream _stream;

    private OffsetLog(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>A record of the log.</summary>
    public abstract record Entry;

    public sealed record Commit(string GroupId, IReadOnlyList<PartitionOffset> Offsets) : Entry;

    public sealed record DeleteGroup(string GroupId) : Entry;

    public sealed record DeleteOffsets(string GroupId, IReadOnlyList<(string Topic, int Partition)> Partitions) : Entry;

    public sealed record DeleteTopic(string Topic) : Entry;

    /// <summary>Every whole, CRC-valid record of the file, in order; a damaged tail is logged and left out.</summary>
    public static List<Entry> ReadAll(string path, ILogger logger)
    {
        var entries = new List<Entry>();
        if (!File.Exists(path))
        {
            return entries;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderSize)
        {
            return entries;
        }

        if (!bytes.AsSpan(0, HeaderSize).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a Stormline offsets log (unknown header)");
        }

        var position = HeaderSize;
        while (position < bytes.Length)
        {
            var entry = TryReadRecord(bytes, position, out var next);
            if (entry is null)
            {
                logger.LogWarning("Offsets log {Path}: ignoring {Bytes} damaged byte(s) at position {Position} (a write cut short by a crash)", path, bytes.Length - position, position);
                break;
            }

            entries.Add(entry);
            position = next;
        }

        return entries;
    }

    /// <summary>Writes <paramref name="entries"/> to a new file, fsyncs it, puts it in place of <paramref name="path"/> and opens it for appends.</summary>
    public static OffsetLog Rewrite(string path, IEnumerable<Entry> entries)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Magic);
            foreach (var entry in entries)
            {
                using var record = Encode(entry);
                stream.Write(record.WrittenMemory.Span);
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        LogFileSystem.Default.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return Reopen(path);
    }

    /// <summary>Opens an existing log for appends (after a failed rewrite left it in place).</summary>
    public static OffsetLog Reopen(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0));

    /// <summary>Appends one record with a single write to the OS (no user-space buffer), so it survives a SIGKILL.</summary>
    public void Append(Entry entry)
    {
        using var record = Encode(entry);
        _stream.Write(record.WrittenMemory.Span);
        _stream.Flush();
    }

    /// <summary>fsyncs every record appended so far (the flush policy decides when).</summary>
    public void Fsync() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();

    private static KafkaWriter Encode(Entry entry)
    {
        var writer = new KafkaWriter(256);
        writer.WriteInt32(0);
        writer.WriteInt32(0);
        switch (entry)
        {
            case Commit commit:
                writer.WriteInt8((sbyte)CommitType);
                writer.WriteString(commit.GroupId);
                PartitionOffsets.Write(writer, commit.Offsets);

                break;
            case DeleteGroup delete:
                writer.WriteInt8((sbyte)DeleteGroupType);
                writer.WriteString(delete.GroupId);
                break;
            case DeleteOffsets delete:
                writer.WriteInt8((sbyte)DeleteOffsetsType);
                writer.WriteString(delete.GroupId);
                writer.WriteInt32(delete.Partitions.Count);
                foreach (var (topic, partition) in delete.Partitions)
                {
                    writer.WriteString(topic);
                    writer.WriteInt32(partition);
                }

                break;
            case DeleteTopic delete:
                writer.WriteInt8((sbyte)DeleteTopicType);
                writer.WriteString(delete.Topic);
                break;
        }

        var payloadLength = writer.Length - RecordOverhead;
        writer.PatchInt32(0, payloadLength);
        writer.PatchInt32(4, unchecked((int)Crc32C.Compute(writer.WrittenMemory.Span[RecordOverhead..])));
        return writer;
    }

    private static Entry? TryReadRecord(byte[] bytes, int position, out int next)
    {
        next = position;
        if (bytes.Length - position < RecordOverhead)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
        var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 4));
        if (length <= 0 || length > bytes.Length - position - RecordOverhead)
        {
            return null;
        }

        var payload = bytes.AsMemory(position + RecordOverhead, length);
        if (Crc32C.Compute(payload.Span) != crc)
        {
            return null;
        }

        try
        {
            var reader = new KafkaReader(payload);
            Entry? entry = (byte)reader.ReadInt8() switch
            {
                CommitType => new Commit(reader.ReadString(), PartitionOffsets.Read(reader)),
                DeleteGroupType => new DeleteGroup(reader.ReadString()),
                DeleteOffsetsType => new DeleteOffsets(reader.ReadString(), ReadPartitions(reader)),
                DeleteTopicType => new DeleteTopic(reader.ReadString()),
                var type => throw new InvalidDataException($"offsets log record of unknown type {type}: written by a newer Stormline?"),
            };
            next = position + RecordOverhead + length;
            return entry;
        }
        catch (ProtocolException)
        {
            return null;
        }
    }

    private static List<(string Topic, int Partition)> ReadPartitions(KafkaReader reader)
    {
        var count = reader.ReadInt32();
        var partitions = new List<(string Topic, int Partition)>(Math.Clamp(count, 0, 1024));
        for (var i = 0; i < count; i++)
        {
            partitions.Add((reader.ReadString(), reader.ReadInt32()));
        }

        return partitions;
    }

}
