using Stormline.Broker.Protocol;

namespace Stormline.Broker.Server;

/// <summary>
/// Error responses for injected faults: the request is read only far enough to name its partitions, and each gets
/// the error. Shapes follow the handlers' version ranges: Produce v0-8, OffsetCommit v2-7, Fetch v4-11,
/// FindCoordinator v0-2, Heartbeat v0-3, SyncGroup v0-3 (none of them flexible, so no tagged fields).
/// </summary>
internal static class FaultResponses
{
    public static readonly IReadOnlyList<ApiKey> Keys =
        [ApiKey.Produce, ApiKey.OffsetCommit, ApiKey.Fetch, ApiKey.FindCoordinator, ApiKey.Heartbeat, ApiKey.SyncGroup];

    public static bool Supports(ApiKey key) => Keys.Contains(key);

    public static DispatchOutcome Write(RequestHeader header, KafkaReader body, KafkaWriter response, short error) => header.ApiKey switch
    {
        ApiKey.Produce => Produce(header.ApiVersion, body, response, error),
        ApiKey.OffsetCommit => OffsetCommit(header.ApiVersion, body, response, error),
        ApiKey.Fetch => Fetch(header.ApiVersion, body, response, error),
        ApiKey.FindCoordinator => FindCoordinator(header.ApiVersion, response, error),
        ApiKey.Heartbeat => GroupError(header.ApiVersion, response, error, withAssignment: false),
        ApiKey.SyncGroup => GroupError(header.ApiVersion, response, error, withAssignment: true),
        _ => throw new NotSupportedException($"No fault response for {header.ApiKey}"),
    };

    private static DispatchOutcome Fetch(short v, KafkaReader body, KafkaWriter response, short error)
    {
        body.ReadInt32();
        body.ReadInt32();
        body.ReadInt32();
        body.ReadInt32();
        body.ReadInt8();
        if (v >= 7)
        {
            body.ReadInt32();
            body.ReadInt32();
        }

        var topics = body.ReadArray(r => (Name: r.ReadString(), Partitions: r.ReadArray(p =>
        {
            var index = p.ReadInt32();
            if (v >= 9)
            {
                p.ReadInt32();
            }

            p.ReadInt64();
            if (v >= 5)
            {
                p.ReadInt64();
            }

            p.ReadInt32();
            return index;
        })));

        response.WriteInt32(0);
        if (v >= 7)
        {
            response.WriteInt16(ErrorCode.None);
            response.WriteInt32(0);
        }

        response.WriteArray(topics, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteArray(t.Partitions, (pw, index) =>
            {
                pw.WriteInt32(index);
                pw.WriteInt16(error);
                pw.WriteInt64(-1);
                pw.WriteInt64(-1);
                if (v >= 5)
                {
                    pw.WriteInt64(-1);
                }

                pw.WriteArrayLength(0);
                if (v >= 11)
                {
                    pw.WriteInt32(-1);
                }

                pw.WriteNullableBytes(null);
            });
        });
        return DispatchOutcome.Respond;
    }

    private static DispatchOutcome FindCoordinator(short v, KafkaWriter response, short error)
    {
        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteInt16(error);
        if (v >= 1)
        {
            response.WriteString("injected fault");
        }

        response.WriteInt32(-1);
        response.WriteString(string.Empty);
        response.WriteInt32(-1);
        return DispatchOutcome.Respond;
    }

    private static DispatchOutcome GroupError(short v, KafkaWriter response, short error, bool withAssignment)
    {
        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteInt16(error);
        if (withAssignment)
        {
            response.WriteBytes(ReadOnlySpan<byte>.Empty);
        }

        return DispatchOutcome.Respond;
    }

    private static DispatchOutcome Produce(short v, KafkaReader body, KafkaWriter response, short error)
    {
        if (v >= 3)
        {
            body.ReadNullableString();
        }

        var acks = body.ReadInt16();
        body.ReadInt32();
        var topics = body.ReadArray(r => (Name: r.ReadString(), Partitions: r.ReadArray(p =>
        {
            var index = p.ReadInt32();
            p.ReadNullableBytes();
            return index;
        })));
        if (acks == 0)
        {
            return DispatchOutcome.NoResponse; // the client expects no answer, so the failure is silent, as a real one would be
        }

        response.WriteArray(topics, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteArray(t.Partitions, (pw, index) =>
            {
                pw.WriteInt32(index);
                pw.WriteInt16(error);
                pw.WriteInt64(-1);
                if (v >= 2)
                {
                    pw.WriteInt64(-1);
                }

                if (v >= 5)
                {
                    pw.WriteInt64(-1);
                }

                if (v >= 8)
                {
                    pw.WriteArrayLength(0);
                    pw.WriteString("injected fault");
                }
            });
        });
        if (v >= 1)
        {
            response.WriteInt32(0);
        }

        return DispatchOutcome.Respond;
    }

    private static DispatchOutcome OffsetCommit(short v, KafkaReader body, KafkaWriter response, short error)
    {
        body.ReadString();
        body.ReadInt32();
        body.ReadString();
        if (v >= 7)
        {
            body.ReadNullableString();
        }

        if (v <= 4)
        {
            body.ReadInt64();
        }

        var topics = body.ReadArray(r => (Name: r.ReadString(), Partitions: r.ReadArray(p =>
        {
            var index = p.ReadInt32();
            p.ReadInt64();
            if (v >= 6)
            {
                p.ReadInt32();
            }

            p.ReadNullableString();
            return index;
        })));
        if (v >= 3)
        {
            response.WriteInt32(0);
        }

        response.WriteArray(topics, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteArray(t.Partitions, (pw, index) =>
            {
                pw.WriteInt32(index);
                pw.WriteInt16(error);
            });
        });
        return DispatchOutcome.Respond;
    }
}
