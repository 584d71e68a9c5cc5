using Stormline.Broker.Groups;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// OffsetFetch: v1-7.
/// Behaviour: returns the group's committed offsets whatever the group's state (a group may use the broker only to
/// store offsets). A partition without a commit (or of an unknown topic) gets offset -1, leader epoch -1, metadata ""
/// and no error. A null topic list (v2+) means every committed offset of the group.
/// Offsets a transaction staged (TxnOffsetCommit) show only once it commits; with require_stable (v7) a partition
/// whose offset a transaction holds answers UNSTABLE_OFFSET_COMMIT (retriable) and offset -1, as Kafka does.
/// Version notes: v2 nullable topics and a top-level error; v3 throttle; v5 committed_leader_epoch; v6 flexible;
/// v7 require_stable.
/// Skipped: several groups per request (v8+).
/// </summary>
internal sealed class OffsetFetchHandler(BrokerContext broker) : MessageHandler<OffsetFetchRequest, OffsetFetchResponse>(broker)
{
    public override ApiKey Key => ApiKey.OffsetFetch;

    public override short MinVersion => 1;

    public override short MaxVersion => 7;

    protected override ValueTask<OffsetFetchResponse> HandleAsync(Request request, OffsetFetchRequest message, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var groupId = message.GroupId;
        var requested = message.Topics;
        var groupError = Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, groupId) ? ErrorCode.None : ErrorCode.GroupAuthorizationFailed;
        List<(string Topic, List<(int Partition, CommittedOffset? Committed)> Partitions)> topics;
        if (groupError != ErrorCode.None)
        {
            // v2+ carry the group's error once; v0-1 only have partition errors, on the partitions asked for.
            topics = v >= 2 ? [] : [.. (requested ?? []).Select(t => (t.Name, t.PartitionIndexes.Select(p => (p, (CommittedOffset?)null)).ToList()))];
        }
        else if (requested is null)
        {
            topics = [.. Broker.Groups.FetchOffsets(groupId)
                .Where(o => Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, o.Topic))
                .GroupBy(o => o.Topic)
                .Select(g => (g.Key, g.Select(o => (o.Partition, (CommittedOffset?)o.Committed)).ToList()))];
        }
        else
        {
            topics = [.. requested.Select(t => (t.Name, t.PartitionIndexes.Select(p => (p, Broker.Groups.FetchOffset(groupId, t.Name, p))).ToList()))];
        }

        return ValueTask.FromResult(new OffsetFetchResponse
        {
            ErrorCode = groupError,
            Topics = topics.Select(t =>
            {
                var error = groupError != ErrorCode.None ? groupError
                    : Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, t.Topic) ? ErrorCode.None : ErrorCode.TopicAuthorizationFailed;
                return new OffsetFetchResponse.OffsetFetchResponseTopic
                {
                    Name = t.Topic,
                    Partitions = t.Partitions.Select(p =>
                    {
                        var unstable = message.RequireStable && Broker.Transactions.HasPendingOffset(groupId, t.Topic, p.Partition);
                        var committed = unstable ? null : p.Committed;
                        return new OffsetFetchResponse.OffsetFetchResponsePartition
                        {
                            PartitionIndex = p.Partition,
                            CommittedOffset = committed?.Offset ?? -1,
                            CommittedLeaderEpoch = committed?.LeaderEpoch ?? -1,
                            Metadata = committed is { } c ? c.Metadata : string.Empty,
                            ErrorCode = error != ErrorCode.None ? error : unstable ? ErrorCode.UnstableOffsetCommit : ErrorCode.None,
                        };
                    }).ToList(),
                };
            }).ToList(),
        });
    }
}
