using System.Buffers.Binary;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>Builds request frames by hand (size prefix, request header v1 or v2, body), as a client would send them.</summary>
internal static class RequestFrames
{
    /// <summary>A whole frame with its size prefix. Header v2 (flexible requests) adds an empty tag section after the client id.</summary>
    public static byte[] Build(short apiKey, short version, int correlationId, bool flexible, Action<KafkaWriter> body, string? clientId = "stormline-tests")
    {
        using var writer = new KafkaWriter();
        writer.WriteInt32(0);
        new RequestHeader { RequestApiKey = apiKey, RequestApiVersion = version, CorrelationId = correlationId, ClientId = clientId }
            .Write(writer, flexible ? (short)2 : (short)1);
        body(writer);
        writer.PatchInt32(0, writer.Length - 4);
        return writer.WrittenMemory.ToArray();
    }

    public static byte[] ApiVersions(short version, int correlationId) =>
        Build((short)ApiKey.ApiVersions, version, correlationId, version >= 3, w =>
        {
            if (version >= 3)
            {
                w.WriteString("stormline-tests");
                w.WriteString("1.0");
                w.WriteEmptyTaggedFields();
            }
        });

    public static int CorrelationId(ReadOnlySpan<byte> responsePayload) => BinaryPrimitives.ReadInt32BigEndian(responsePayload);

    /// <summary>Puts a size prefix in front of <paramref name="payload"/> (header and body).</summary>
    public static byte[] WithSize(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(4));
        return frame;
    }
}
