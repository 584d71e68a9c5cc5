using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// OffsetForLeaderEpoch: v0-3.
/// Behaviour: leadership never moves on a single node, so every partition has one epoch (0) whose end offset is
/// the log end; consumers use this after a reconnect to validate their position (librdkafka sends v2).
/// Version notes: v1 leader_epoch out; v2 current_leader_epoch in and throttle out; v3 replica_id in.
/// </summary>
internal sealed class OffsetForLeaderEpochHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.OffsetForLeaderEpoch;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        if (v >= 3)
        {
            body.ReadInt32();
        }

        var topics = body.ReadArray(r => (
            Name: r.ReadString(),
            Partitions: r.ReadArray(p =>
            {
                var index = p.ReadInt32();
                if (v >= 2)
                {
                    p.ReadInt32();
                }

                p.ReadInt32();
                return index;
            })));

        if (v >= 2)
        {
            response.WriteInt32(0);
        }

        response.WriteArrayLength(topics.Count);
        foreach (var (name, partitions) in topics)
        {
            Broker.Topics.TryGet(name, out var topic);
            var describable = Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, name);
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var index in partitions)
            {
                var log = describable ? topic?.Partition(index) : null;
                response.WriteInt16(!describable ? ErrorCode.TopicAuthorizationFailed : log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None);
                response.WriteInt32(index);
                if (v >= 1)
                {
                    response.WriteInt32(log is null ? -1 : 0);
                }

                response.WriteInt64(log?.LogEndOffset ?? -1);
            }
        }

        return ValueTask.FromResult(true);
    }
}
