using System.Buffers.Binary;
using System.Text;

namespace Stormline.OpsConsole.Tracing;

/// <summary>
/// A minimal protocol-buffers reader: fields of one message, by number and wire type. Enough for the OTLP trace
/// messages the console receives; unknown fields are skipped, so newer senders still parse.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public int Field { get; private set; }

    public int WireType { get; private set; }

    public bool Next()
    {
        if (_position >= _data.Length)
        {
            return false;
        }

        var tag = ReadVarint();
        Field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        if (Field == 0)
        {
            throw new InvalidDataException("protobuf field number 0");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("truncated protobuf varint");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("protobuf varint longer than 10 bytes");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes() => Take(checked((int)ReadVarint()));

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public void Skip()
    {
        switch (WireType)
        {
            case 0: ReadVarint(); break;
            case 1: Take(8); break;
            case 2: ReadBytes(); break;
            case 5: Take(4); break;
            default: throw new InvalidDataException($"unsupported protobuf wire type {WireType}");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || _position + length > _data.Length)
        {
            throw new InvalidDataException("truncated protobuf field");
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}
