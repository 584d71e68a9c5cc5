using System.Buffers.Binary;
using System.Text;

namespace Stormline.Broker.Protocol;

/// <summary>
/// Reads Kafka primitive types (big-endian) from one request frame. <see cref="Flexible"/> switches strings,
/// bytes and arrays to their compact forms and makes <see cref="SkipTaggedFields"/> consume a tag section,
/// so a handler reads every version of a message with the same calls.
/// Every read is bounds-checked and throws <see cref="ProtocolException"/> on a short or malformed frame.
/// Not thread-safe: one reader per request.
/// </summary>
public sealed class KafkaReader(ReadOnlyMemory<byte> buffer)
{
    private readonly ReadOnlyMemory<byte> _buffer = buffer;
    private int _position;

    public bool Flexible { get; set; }

    public int Position => _position;

    public int Remaining => _buffer.Length - _position;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new ProtocolException($"frame too short: wanted {count} bytes at {_position}, {Remaining} left");
        }

        var span = _buffer.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    public bool ReadBool() => Take(1)[0] != 0;

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public double ReadFloat64() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    public uint ReadUnsignedVarInt()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new ProtocolException("varint longer than 5 bytes");
    }

    /// <summary>A length prefix: int16/int32 in classic versions, uvarint(n+1) in flexible ones. -1 means null.</summary>
    private int ReadLength(bool wide)
    {
        int length;
        if (Flexible)
        {
            var raw = ReadUnsignedVarInt();
            if (raw > int.MaxValue)
            {
                throw new ProtocolException("length out of range");
            }

            length = (int)raw - 1;
        }
        else
        {
            length = wide ? ReadInt32() : ReadInt16();
        }

        if (length < -1)
        {
            throw new ProtocolException($"negative length {length}");
        }

        if (length > Remaining)
        {
            throw new ProtocolException($"length {length} exceeds the {Remaining} bytes left in the frame");
        }

        return length;
    }

    public string? ReadNullableString()
    {
        var length = ReadLength(wide: false);
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    public string ReadString() => ReadNullableString() ?? throw new ProtocolException("null where a string is required");

    public ReadOnlyMemory<byte>? ReadNullableBytes()
    {
        var length = ReadLength(wide: true);
        if (length < 0)
        {
            return null;
        }

        var slice = _buffer.Slice(_position, length);
        _position += length;
        return slice;
    }

    public ReadOnlyMemory<byte> ReadBytes() => ReadNullableBytes() ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>Array element count; -1 for a null array. Each element takes at least one byte, which bounds hostile counts.</summary>
    public int ReadArrayLength()
    {
        var length = ReadLength(wide: true);
        return length;
    }

    public List<T> ReadArray<T>(Func<KafkaReader, T> readElement) => ReadNullableArray(readElement) ?? [];

    public List<T>? ReadNullableArray<T>(Func<KafkaReader, T> readElement)
    {
        var count = ReadArrayLength();
        if (count < 0)
        {
            return null;
        }

        var items = new List<T>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            items.Add(readElement(this));
        }

        return items;
    }

    /// <summary>Skips <paramref name="count"/> bytes (an unknown tagged field); a count beyond the frame throws.</summary>
    public void Skip(uint count)
    {
        if (count > (uint)Remaining)
        {
            throw new ProtocolException($"frame too short: wanted {count} bytes at {_position}, {Remaining} left");
        }

        _position += (int)count;
    }

    /// <summary>Skips a tagged-field section in flexible versions; a no-op otherwise.</summary>
    public void SkipTaggedFields()
    {
        if (!Flexible)
        {
            return;
        }

        var count = ReadUnsignedVarInt();
        for (var i = 0u; i < count; i++)
        {
            ReadUnsignedVarInt();
            var size = ReadUnsignedVarInt();
            if (size > (uint)Remaining)
            {
                throw new ProtocolException("tagged field exceeds frame");
            }

            Take((int)size);
        }
    }
}
