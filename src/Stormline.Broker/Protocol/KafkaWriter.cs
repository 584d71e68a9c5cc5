using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Stormline.Broker.Protocol;

/// <summary>
/// Writes Kafka primitive types (big-endian) into a growable pooled buffer. <see cref="Flexible"/> selects the
/// compact encodings and makes <see cref="WriteEmptyTaggedFields"/> emit an empty tag section.
/// Not thread-safe: one writer per response. Dispose returns the buffer to the pool.
/// </summary>
public sealed class KafkaWriter : IDisposable
{
    /// <summary>Larger buffers (big Fetch responses) are not pooled: the shared pool would keep them alive for good.</summary>
    private const int PooledLimit = 1024 * 1024;

    private byte[] _buffer;
    private int _length;

    public KafkaWriter(int initialCapacity = 512)
    {
        _buffer = Allocate(initialCapacity);
    }

    public bool Flexible { get; set; }

    public int Length => _length;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var bigger = Allocate((int)Math.Min(Array.MaxLength, Math.Max(_buffer.Length * 2L, (long)_length + count)));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            Release(_buffer);
            _buffer = bigger;
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public void WriteInt8(sbyte value) => Grow(1)[0] = (byte)value;

    public void WriteBool(bool value) => Grow(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Grow(2), value);

    public void WriteInt16(ErrorCode value) => WriteInt16((short)value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Grow(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Grow(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Grow(8), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Grow(8), value);

    public void WriteUuid(Guid value) => value.TryWriteBytes(Grow(16), bigEndian: true, out _);

    public void WriteUnsignedVarInt(uint value)
    {
        while (value >= 0x80)
        {
            Grow(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Grow(1)[0] = (byte)value;
    }

    private void WriteLength(int length, bool wide)
    {
        if (Flexible)
        {
            WriteUnsignedVarInt((uint)(length + 1));
        }
        else if (wide)
        {
            WriteInt32(length);
        }
        else
        {
            WriteInt16((short)length);
        }
    }

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteLength(-1, wide: false);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (!Flexible && byteCount > short.MaxValue)
        {
            // A request string of 32,767 invalid UTF-8 bytes decodes to as many U+FFFD, three bytes each: echoing it
            // back (Metadata does, for invalid topic names) must fail, not wrap the int16 length into a corrupt response.
            throw new ProtocolException($"a string of {byteCount} bytes does not fit an int16 length");
        }

        WriteLength(byteCount, wide: false);
        Encoding.UTF8.GetBytes(value, Grow(byteCount));
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLength(value.Length, wide: true);
        value.CopyTo(Grow(value.Length));
    }

    public void WriteNullableBytes(ReadOnlyMemory<byte>? value)
    {
        if (value is null)
        {
            WriteLength(-1, wide: true);
            return;
        }

        WriteBytes(value.Value.Span);
    }

    /// <summary>Reserves room for bytes that are filled in later (e.g. a records field assembled from the log).</summary>
    public Span<byte> Reserve(int count) => Grow(count);

    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Grow(value.Length));

    public void WriteArrayLength(int count) => WriteLength(count, wide: true);

    public void WriteArray<T>(IReadOnlyCollection<T>? items, Action<KafkaWriter, T> writeElement)
    {
        if (items is null)
        {
            WriteArrayLength(-1);
            return;
        }

        WriteArrayLength(items.Count);
        foreach (var item in items)
        {
            writeElement(this, item);
        }
    }

    public void WriteEmptyTaggedFields()
    {
        if (Flexible)
        {
            WriteUnsignedVarInt(0);
        }
    }

    /// <summary>Overwrites a big-endian int32 at a position already written (used for the frame size).</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position, 4), value);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        Release(buffer);
    }

    private static byte[] Allocate(int size) => size <= PooledLimit ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    /// <summary>Only pooled buffers go back: a rented one is never longer than <see cref="PooledLimit"/>, an allocated one always is.</summary>
    private static void Release(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= PooledLimit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
