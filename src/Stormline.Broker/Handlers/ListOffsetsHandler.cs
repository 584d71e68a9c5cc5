using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ListOffsets: v1-5.
/// Behaviour: timestamp -1 (latest) answers the high watermark, -2 (earliest) the log start offset, anything else
/// the first record whose timestamp is at or after it, with that record's own timestamp (-1, -1 when there is none;
/// in a compressed batch the batch's first record). With no
/// transactions, read_committed and read_uncommitted see the same end.
/// Version notes: v2 isolation_level and throttle; v4 current_leader_epoch in, leader_epoch out.
/// </summary>
internal sealed class ListOffsetsHandler(BrokerContext broker) : ApiHandler(broker)
{
    private const long Latest = -1;
    private const long Earliest = -2;

    public override ApiKey Key => ApiKey.ListOffsets;

    public override short MinVersion => 1;

    public override short MaxVersion => 5;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        body.ReadInt32();
        if (v >= 2)
        {
            body.ReadInt8();
        }

        var topics = body.ReadArray(r => (
            Name: r.ReadString(),
            Partitions: r.ReadArray(p =>
            {
                var index = p.ReadInt32();
                if (v >= 4)
                {
                    p.ReadInt32();
                }

                return (Index: index, Timestamp: p.ReadInt64());
            })));

        if (v >= 2)
        {
            response.WriteInt32(0);
        }

        response.WriteArrayLength(topics.Count);
        foreach (var (name, partitions) in topics)
        {
            Broker.Topics.TryGet(name, out var topic);
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (index, timestamp) in partitions)
            {
                response.WriteInt32(index);
                var log = topic?.Partition(index);
                long offset = -1;
                long foundTimestamp = -1;
                var error = ErrorCode.None;
                if (log is null)
                {
                    error = ErrorCode.UnknownTopicOrPartition;
                }
                else if (timestamp == Latest)
                {
                    offset = log.HighWatermark;
                }
                else if (timestamp == Earliest)
                {
                    offset = log.LogStartOffset;
                }
                else if (timestamp < 0)
                {
                    error = ErrorCode.UnsupportedVersion;
                }
                else
                {
                    (offset, foundTimestamp) = log.FindByTimestamp(timestamp);
                }

                response.WriteInt16(error);
                response.WriteInt64(foundTimestamp);
                response.WriteInt64(offset);
                if (v >= 4)
                {
                    response.WriteInt32(0);
                }
            }
        }

        return ValueTask.FromResult(true);
    }
}
