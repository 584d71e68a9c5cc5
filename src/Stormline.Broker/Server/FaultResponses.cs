using Stormline.Broker.Protocol;

namespace Stormline.Broker.Server;

/// <summary>
/// Error responses for injected faults: the request is read only far enough to name its partitions, and each gets
/// the error. Shapes follow <c>ProduceHandler</c> (v0-8) and <c>OffsetCommitHandler</c> (v2-7).
/// </summary>
internal static class FaultResponses
{
    public static DispatchOutcome Write(RequestHeader header, KafkaReader body, KafkaWriter response, short error) => header.ApiKey switch
    {
        ApiKey.Produce => Produce(header.ApiVersion, body, response, error),
        ApiKey.OffsetCommit => OffsetCommit(header.ApiVersion, body, response, error),
        _ => throw new NotSupportedException($"No fault response for {header.ApiKey}"),
    };

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
