using System.Buffers.Binary;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// Confluent's wire format for registry-encoded values: magic byte 0, the schema id as a 4-byte big-endian integer,
/// then the payload. A JSON payload never starts with byte 0, so a reader can accept both framed and plain JSON.
/// </summary>
public static class ConfluentWireFormat
{
    public const byte MagicByte = 0;
    public const int HeaderSize = 5;

    public static byte[] Frame(int schemaId, ReadOnlySpan<byte> payload)
    {
        var value = new byte[HeaderSize + payload.Length];
        value[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(1, 4), schemaId);
        payload.CopyTo(value.AsSpan(HeaderSize));
        return value;
    }

    /// <summary>True, with the schema id and payload, when <paramref name="value"/> is framed; false for plain bytes.</summary>
    public static bool TryUnframe(ReadOnlySpan<byte> value, out int schemaId, out ReadOnlySpan<byte> payload)
    {
        if (value.Length >= HeaderSize && value[0] == MagicByte)
        {
            schemaId = BinaryPrimitives.ReadInt32BigEndian(value.Slice(1, 4));
            payload = value[HeaderSize..];
            return true;
        }

        schemaId = 0;
        payload = value;
        return false;
    }
}
