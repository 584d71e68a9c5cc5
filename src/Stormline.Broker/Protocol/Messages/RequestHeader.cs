using System.Buffers.Binary;

namespace Stormline.Broker.Protocol.Messages;

/// <summary>
/// The broker's view of the generated request header. Its version follows the request's: v2 (tagged fields) for a
/// flexible request, v1 otherwise; the client id keeps its int16 length in both, so a broker can read it before it
/// knows the API. The header version is only known from the key and version, which <see cref="Peek"/> reads first.
/// </summary>
public sealed partial class RequestHeader
{
    /// <summary>Key, version, correlation id and a null client id: the smallest frame a request can be.</summary>
    public const int MinimumSize = 10;

    public ApiKey ApiKey => (ApiKey)RequestApiKey;

    public short ApiVersion => RequestApiVersion;

    /// <summary>The API key and version at the start of <paramref name="frame"/>, without consuming them.</summary>
    public static (ApiKey Key, short Version) Peek(ReadOnlySpan<byte> frame) =>
        frame.Length < 4
            ? throw new ProtocolException($"a request header needs at least 4 bytes, got {frame.Length}")
            : ((ApiKey)BinaryPrimitives.ReadInt16BigEndian(frame), BinaryPrimitives.ReadInt16BigEndian(frame[2..]));
}
