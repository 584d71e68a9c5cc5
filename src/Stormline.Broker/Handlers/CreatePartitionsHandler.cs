using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// CreatePartitions: v0-3.
/// Behaviour: grows each topic to its new total count; the new partitions exist (empty, led by this node) and are
/// persisted before the answer. validate_only runs every check and changes nothing. timeout_ms is ignored.
/// Errors per topic (with a message): UNKNOWN_TOPIC_OR_PARTITION; INVALID_PARTITIONS when the count is not larger
/// than the current one; INVALID_REPLICA_ASSIGNMENT when assignments are given but are not one list per new partition
/// or not exactly [this node]; INVALID_REQUEST for a topic named twice; POLICY_VIOLATION (for every topic) when the
/// request would add more than 10,000 partitions in all, as Kafka's controller.
/// Version notes: v1 is the same as v0 (throttling behaviour only); v2 flexible; v3 the same as v2 (may answer
/// THROTTLING_QUOTA_EXCEEDED, never here: there are no quotas).
/// </summary>
internal sealed class CreatePartitionsHandler(BrokerContext broker) : MessageHandler<CreatePartitionsRequest, CreatePartitionsResponse>(broker)
{
    public override ApiKey Key => ApiKey.CreatePartitions;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<CreatePartitionsResponse> HandleAsync(Request request, CreatePartitionsRequest message, CancellationToken cancellationToken)
    {
        var topics = message.Topics;
        var duplicates = topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var tooMany = AddedPartitions(topics) > TopicManager.MaxPartitionsPerRequest;
        var results = topics.Select(topic =>
        {
            var result = duplicates.Contains(topic.Name) ? new TopicResult(ErrorCode.InvalidRequest, $"Duplicate topic name '{topic.Name}' in the request.")
                : !Broker.Authorizer.AllowsTopic(request, AclOperation.Alter, topic.Name)
                    ? new TopicResult(ErrorCode.TopicAuthorizationFailed, "Topic authorization failed.")
                : tooMany ? new TopicResult(ErrorCode.PolicyViolation, $"Excessively large number of partitions per request (more than {TopicManager.MaxPartitionsPerRequest}).")
                : Grow(topic, message.ValidateOnly);
            return new CreatePartitionsResponse.CreatePartitionsTopicResult { Name = topic.Name, ErrorCode = result.Error, ErrorMessage = result.Message };
        }).ToList();
        return ValueTask.FromResult(new CreatePartitionsResponse { Results = results });
    }

    /// <summary>
    /// Checks in Kafka's order: topic and count first (a validate-only AddPartitions), then the assignments, then the
    /// change. A concurrent grow between the two calls makes the second one answer INVALID_PARTITIONS, as Kafka would.
    /// </summary>
    private TopicResult Grow(CreatePartitionsRequest.CreatePartitionsTopic topic, bool validateOnly)
    {
        var check = Broker.Topics.AddPartitions(topic.Name, topic.Count, validateOnly: true);
        if (!check.Succeeded)
        {
            return check;
        }

        if (Broker.Topics.TryGet(topic.Name, out var existing) && CheckAssignments(topic.Assignments?.Select(a => a.BrokerIds).ToList(), topic.Count - existing.Partitions.Count) is { } invalid)
        {
            return invalid;
        }

        return validateOnly ? check : Broker.Topics.AddPartitions(topic.Name, topic.Count, validateOnly: false);
    }

    /// <summary>Upper bound of what the request adds: every topic's new count minus what it has now (0 for unknown topics).</summary>
    private long AddedPartitions(List<CreatePartitionsRequest.CreatePartitionsTopic> topics) => topics.Sum(t =>
        Broker.Topics.TryGet(t.Name, out var existing) ? Math.Max(0L, (long)t.Count - existing.Partitions.Count) : 0L);

    private TopicResult? CheckAssignments(List<List<int>>? assignments, int added)
    {
        if (assignments is null)
        {
            return null;
        }

        if (assignments.Count != added)
        {
            return new TopicResult(ErrorCode.InvalidReplicaAssignment, $"Attempted to add {added} additional partition(s), but {assignments.Count} assignment(s) were specified.");
        }

        foreach (var replicas in assignments)
        {
            if (replicas.Count == 0)
            {
                return new TopicResult(ErrorCode.InvalidReplicaAssignment, "The manual partition assignment includes an empty replica list.");
            }

            if (replicas.Count != 1 || replicas[0] != Broker.NodeId)
            {
                return new TopicResult(ErrorCode.InvalidReplicaAssignment, $"Replicas must be exactly [{Broker.NodeId}]: this cluster has one broker, not [{string.Join(", ", replicas)}].");
            }
        }

        return null;
    }

    private sealed record TopicRequest(string Name, int Count, List<List<int>>? Assignments);
}
