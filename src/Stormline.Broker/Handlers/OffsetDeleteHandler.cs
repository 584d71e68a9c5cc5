using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// OffsetDelete (KIP-496): v0.
/// Behaviour: deletes committed offsets of one group, written to the offsets log before the answer. Per partition: an unknown topic or
/// partition gets UNKNOWN_TOPIC_OR_PARTITION; one of a topic a member of a live consumer group subscribes to gets
/// GROUP_SUBSCRIBED_TO_TOPIC. Group errors (then no topics are listed, as Kafka answers): GROUP_ID_NOT_FOUND,
/// NON_EMPTY_GROUP for a group with members that is not a consumer group. Deleting an offset the group does not hold
/// succeeds. A group left Empty without offsets is removed.
/// Skipped: v1 (flexible, KIP-1313): no client sends it yet.
/// </summary>
internal sealed class OffsetDeleteHandler(BrokerContext broker) : MessageHandler<OffsetDeleteRequest, OffsetDeleteResponse>(broker)
{
    public override ApiKey Key => ApiKey.OffsetDelete;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    protected override ValueTask<OffsetDeleteResponse> HandleAsync(Request request, OffsetDeleteRequest message, CancellationToken cancellationToken)
    {
        var groupId = message.GroupId;
        var unreadable = message.Topics.Select(t => t.Name).Where(t => !Broker.Authorizer.AllowsTopic(request, AclOperation.Read, t)).ToHashSet(StringComparer.Ordinal);
        var known = message.Topics
            .Where(t => !unreadable.Contains(t.Name))
            .SelectMany(t => t.Partitions.Where(p => Exists(t.Name, p.PartitionIndex)).Select(p => (t.Name, p.PartitionIndex)))
            .ToList();
        var result = Broker.Authorizer.AllowsGroup(request, AclOperation.Delete, groupId)
            ? Broker.Groups.DeleteOffsets(groupId, known)
            : OffsetDeleteResult.Failed(ErrorCode.GroupAuthorizationFailed);
        if (result.Error != ErrorCode.None)
        {
            return ValueTask.FromResult(new OffsetDeleteResponse { ErrorCode = result.Error });
        }

        return ValueTask.FromResult(new OffsetDeleteResponse
        {
            Topics = message.Topics.Select(t => new OffsetDeleteResponse.OffsetDeleteResponseTopic
            {
                Name = t.Name,
                Partitions = t.Partitions.Select(p => new OffsetDeleteResponse.OffsetDeleteResponsePartition
                {
                    PartitionIndex = p.PartitionIndex,
                    ErrorCode = unreadable.Contains(t.Name)
                        ? ErrorCode.TopicAuthorizationFailed
                        : result.Partitions.GetValueOrDefault((t.Name, p.PartitionIndex), ErrorCode.UnknownTopicOrPartition),
                }).ToList(),
            }).ToList(),
        });
    }

    private bool Exists(string topic, int partition) => Broker.Topics.TryGet(topic, out var t) && t.Partition(partition) is not null;
}
