using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// CreateTopics: v0-4.
/// Behaviour: creates each topic with its partition count (-1: num.partitions) and config overrides, persisted
/// before the answer. Errors per topic: TOPIC_ALREADY_EXISTS, INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS,
/// INVALID_REPLICATION_FACTOR (a single node holds one replica), INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG, and
/// INVALID_REQUEST for a topic named twice in one request; POLICY_VIOLATION (for every topic) when the request asks
/// for more than 10,000 partitions in all, as Kafka's controller.
/// Version notes: v1 validate_only and error_message; v2 throttle; v3, v4 same shape (v4: -1 partitions/replicas).
/// </summary>
internal sealed class CreateTopicsHandler(BrokerContext broker) : MessageHandler<CreateTopicsRequest, CreateTopicsResponse>(broker)
{
    public override ApiKey Key => ApiKey.CreateTopics;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override ValueTask<CreateTopicsResponse> HandleAsync(Request request, CreateTopicsRequest message, CancellationToken cancellationToken)
    {
        var topics = message.Topics;
        var duplicates = topics.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var requested = topics.Sum(t => t.Assignments.Count > 0 ? t.Assignments.Count : t.NumPartitions == -1 ? Broker.Options.DefaultPartitions : Math.Max(0L, t.NumPartitions));
        var tooMany = requested > TopicManager.MaxPartitionsPerRequest;
        var results = topics.Select(topic =>
        {
            var (error, text) = duplicates.Contains(topic.Name)
                ? (ErrorCode.InvalidRequest, $"Topic '{topic.Name}' appears more than once in the request")
                : !Broker.Authorizer.AllowsCreateTopic(request, topic.Name) ? (ErrorCode.TopicAuthorizationFailed, "Authorization failed.")
                : tooMany ? (ErrorCode.PolicyViolation, $"Excessively large number of partitions per request (more than {TopicManager.MaxPartitionsPerRequest}).")
                : Create(topic, message.validateOnly);
            return new CreateTopicsResponse.CreatableTopicResult { Name = topic.Name, ErrorCode = error, ErrorMessage = text };
        }).ToList();
        return ValueTask.FromResult(new CreateTopicsResponse { Topics = results });
    }

    private (ErrorCode, string?) Create(CreateTopicsRequest.CreatableTopic topic, bool validateOnly)
    {
        var partitions = topic.NumPartitions;
        if (topic.Assignments.Count > 0)
        {
            if (partitions != -1 || topic.ReplicationFactor != -1)
            {
                return (ErrorCode.InvalidRequest, "Both numPartitions or replicationFactor and replicasAssignments were set");
            }

            if (topic.Assignments.Any(a => a.BrokerIds.Count != 1 || a.BrokerIds[0] != Broker.NodeId))
            {
                return (ErrorCode.InvalidReplicaAssignment, $"Replicas must be exactly [{Broker.NodeId}]: this cluster has one broker");
            }

            if (!topic.Assignments.Select(a => a.PartitionIndex).Order().SequenceEqual(Enumerable.Range(0, topic.Assignments.Count)))
            {
                return (ErrorCode.InvalidReplicaAssignment, "Partitions should be a consecutive 0-based integer sequence");
            }

            partitions = topic.Assignments.Count;
        }

        if (partitions == -1)
        {
            partitions = Broker.Options.DefaultPartitions;
        }

        if (topic.ReplicationFactor is not (-1 or 1) && topic.Assignments.Count == 0)
        {
            return (ErrorCode.InvalidReplicationFactor, $"Replication factor: {topic.ReplicationFactor} larger than available brokers: 1.");
        }

        var configs = topic.Configs.ToDictionary(c => c.Name, c => c.Value);
        var result = Broker.Topics.Create(topic.Name, partitions, configs, validateOnly);
        return (result.Error, result.Message);
    }
}
