using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// OffsetForLeaderEpoch: v0-4.
/// Behaviour: leadership never moves on a single node, so every partition has one epoch (0) whose end offset is
/// the log end; consumers use this after a reconnect to validate their position (librdkafka sends v2).
/// Version notes: v1 leader_epoch out; v2 current_leader_epoch in and throttle out; v3 replica_id in; v4 flexible.
/// </summary>
internal sealed class OffsetForLeaderEpochHandler(BrokerContext broker) : MessageHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(broker)
{
    public override ApiKey Key => ApiKey.OffsetForLeaderEpoch;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override ValueTask<OffsetForLeaderEpochResponse> HandleAsync(Request request, OffsetForLeaderEpochRequest message, CancellationToken cancellationToken)
    {
        var topics = message.Topics.Select(t =>
        {
            Broker.Topics.TryGet(t.Topic, out var topic);
            var describable = Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, t.Topic);
            return new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult
            {
                Topic = t.Topic,
                Partitions = t.Partitions.Select(p =>
                {
                    var log = describable ? topic?.Partition(p.Partition) : null;
                    return new OffsetForLeaderEpochResponse.EpochEndOffset
                    {
                        ErrorCode = !describable ? ErrorCode.TopicAuthorizationFailed : log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None,
                        Partition = p.Partition,
                        LeaderEpoch = log is null ? -1 : 0,
                        EndOffset = log?.LogEndOffset ?? -1,
                    };
                }).ToList(),
            };
        }).ToList();
        return ValueTask.FromResult(new OffsetForLeaderEpochResponse { Topics = topics });
    }
}
