using Stormline.Broker.Groups;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Txn;

/// <summary>
/// The coordinator's durable state, <c>meta/transaction-state</c> in the data directory (Kafka keeps the same values
/// in the compacted <c>__transaction_state</c> topic): the metadata of every transactional id, rewritten whole through
/// <see cref="DurableFile.Replace"/> (temporary file, fsync, rename, directory fsync) before the coordinator answers,
/// so a crash leaves either the previous state or the new one. After an 8-byte magic, in Kafka's classic primitive
/// encoding: int32 count, then per id: id, producer id int64, epoch int16, timeout int32, state int8, start int64,
/// last update int64, int32 partition count and per partition topic, int32 partition, int32 group count and per
/// group: group, int32 count and per offset topic, int32 partition, offset int64, leader epoch int32, nullable
/// metadata, commit time int64.
/// Thread-safe: writes are serialised; the caller hands in immutable metadata.
/// </summary>
internal sealed class TransactionLog(string dataDirectory)
{
    private static readonly byte[] Magic = "SLTXNS01"u8.ToArray();

    private readonly string _path = Path.Combine(dataDirectory, "meta", "transaction-state");
    private readonly Lock _gate = new();

    /// <summary>Every transactional id's metadata; none when the file does not exist yet.</summary>
    /// <exception cref="InvalidDataException">The file is not a transaction state file or is damaged.</exception>
    public List<TransactionMetadata> Load()
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        var bytes = File.ReadAllBytes(_path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{_path} is not a Stormline transaction state file (unknown header)");
        }

        try
        {
            var reader = new KafkaReader(bytes.AsMemory(Magic.Length));
            var count = reader.ReadInt32();
            var all = new List<TransactionMetadata>(Math.Clamp(count, 0, 1024));
            for (var i = 0; i < count; i++)
            {
                all.Add(Read(reader));
            }

            return all;
        }
        catch (ProtocolException ex)
        {
            throw new InvalidDataException($"{_path} is damaged: {ex.Message}", ex);
        }
    }

    /// <summary>Replaces the file with <paramref name="all"/>; it is on disk when this returns.</summary>
    /// <exception cref="IOException">Nothing was replaced.</exception>
    public void Save(IEnumerable<TransactionMetadata> all)
    {
        lock (_gate)
        {
            using var writer = new KafkaWriter(1024);
            writer.WriteRaw(Magic);
            var list = all.ToList();
            writer.WriteInt32(list.Count);
            foreach (var metadata in list)
            {
                Write(writer, metadata);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            DurableFile.Replace(_path, writer.WrittenMemory.Span);
        }
    }

    private static void Write(KafkaWriter writer, TransactionMetadata metadata)
    {
        writer.WriteString(metadata.TransactionalId);
        writer.WriteInt64(metadata.ProducerId);
        writer.WriteInt16(metadata.ProducerEpoch);
        writer.WriteInt32(metadata.TimeoutMs);
        writer.WriteInt8((sbyte)metadata.State);
        writer.WriteInt64(metadata.StartMs);
        writer.WriteInt64(metadata.LastUpdateMs);
        writer.WriteInt32(metadata.Partitions.Count);
        foreach (var (topic, partition) in metadata.Partitions)
        {
            writer.WriteString(topic);
            writer.WriteInt32(partition);
        }

        writer.WriteInt32(metadata.PendingOffsets.Count);
        foreach (var (group, offsets) in metadata.PendingOffsets)
        {
            writer.WriteString(group);
            PartitionOffsets.Write(writer, offsets);
        }
    }

    private static TransactionMetadata Read(KafkaReader reader)
    {
        var id = reader.ReadString();
        var producerId = reader.ReadInt64();
        var epoch = reader.ReadInt16();
        var timeout = reader.ReadInt32();
        var state = (TransactionState)reader.ReadInt8();
        var start = reader.ReadInt64();
        var lastUpdate = reader.ReadInt64();
        var partitions = new HashSet<(string, int)>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            partitions.Add((reader.ReadString(), reader.ReadInt32()));
        }

        var pending = new Dictionary<string, IReadOnlyList<PartitionOffset>>(StringComparer.Ordinal);
        for (var groups = reader.ReadInt32(); groups > 0; groups--)
        {
            var group = reader.ReadString();
            pending[group] = PartitionOffsets.Read(reader);
        }

        if (!Enum.IsDefined(state))
        {
            throw new InvalidDataException($"transaction {id} has unknown state {(sbyte)state}: written by a newer Stormline?");
        }

        return new TransactionMetadata(id, producerId, epoch, timeout, state, partitions, pending, start, lastUpdate);
    }
}
