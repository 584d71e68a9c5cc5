using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Metadata: v1-12.
/// Behaviour: one broker (this node), which leads every partition with itself as the only replica and ISR.
/// A null topic list means all topics; a name asked twice is answered once. Unknown topics are created synchronously
/// when auto.create.topics.enable is on and the request allows it (v4+; always for v1-3), else answered with
/// UNKNOWN_TOPIC_OR_PARTITION; a name that cannot be a topic gets INVALID_TOPIC_EXCEPTION.
/// Version notes: v2 cluster id; v3 throttle; v4 allow_auto_topic_creation; v5 offline replicas; v7 leader epoch
/// (always 0: leadership never moves); v8 authorized operations when asked (from the ACLs); v9 is
/// flexible (compact encodings, tagged fields); v10 topic ids in the answer (each topic's persisted UUID); v11 drops
/// the cluster authorized operations; v12 looks topics up by id: when any requested id is non-zero the request is
/// answered by id only (as Kafka), unknown ids with UNKNOWN_TOPIC_ID and a null name. A v10/v11 request that names a
/// topic id or a null name gets Kafka's error answer: every requested topic with INVALID_REQUEST, no brokers.
/// Authorization: a full listing leaves out topics without DESCRIBE; a named one answers TOPIC_AUTHORIZATION_FAILED
/// (an id UNKNOWN_TOPIC_ID, which does not reveal that it exists); auto-creation needs CREATE on the cluster or the
/// topic, else TOPIC_AUTHORIZATION_FAILED.
/// Skipped: v13 (Kafka 4.0; the same request, a top-level error code in the answer for KIP-1102's rebootstrap): the
/// definitions here (apache/kafka @1eb7644) stop at v12. librdkafka 2.x asks for ≤ 13 and picks v12 from this range.
/// </summary>
internal sealed class MetadataHandler(BrokerContext broker) : MessageHandler<MetadataRequest, MetadataResponse>(broker)
{
    public override ApiKey Key => ApiKey.Metadata;

    public override short MinVersion => 1;

    public override short MaxVersion => 12;

    protected override ValueTask<MetadataResponse> HandleAsync(Request request, MetadataRequest message, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var requested = message.Topics?.Select(t => (Id: t.TopicId, t.Name)).ToList();
        if (v < 12 && requested is not null && requested.Any(t => t.Name is null || t.Id != Guid.Empty))
        {
            return ValueTask.FromResult(InvalidRequest(requested));
        }

        var listener = request.Session.Listener;
        var response = new MetadataResponse
        {
            Brokers = [new MetadataResponse.MetadataResponseBroker { NodeId = Broker.NodeId, Host = listener.AdvertisedHost, Port = listener.AdvertisedPort }],
            ClusterId = Broker.Options.ClusterId,
            ControllerId = Broker.NodeId,
            ClusterAuthorizedOperations = AuthorizedOperations.When(
                message.IncludeClusterAuthorizedOperations, AuthorizedOperations.OfCluster(Broker.Authorizer, request)),
        };
        // Before v4 there is no allow_auto_topic_creation: every request may create (the generated default is true).
        foreach (var (error, name, id, topic) in Resolve(request, requested, message.AllowAutoTopicCreation))
        {
            response.Topics.Add(new MetadataResponse.MetadataResponseTopic
            {
                ErrorCode = error,
                Name = name,
                TopicId = id,
                IsInternal = topic?.IsInternal ?? false,
                Partitions = topic is null ? [] : Partitions(topic.Partitions.Count),
                TopicAuthorizedOperations = message.IncludeTopicAuthorizedOperations && topic is not null
                    ? AuthorizedOperations.OfTopic(Broker.Authorizer, request, topic.Name)
                    : AuthorizedOperations.Omitted,
            });
        }

        return ValueTask.FromResult(response);
    }

    private List<(ErrorCode Error, string? Name, Guid Id, Topic? Topic)> Resolve(Request request, List<(Guid Id, string? Name)>? requested, bool allowAutoCreate)
    {
        var topics = new List<(ErrorCode, string?, Guid, Topic?)>();
        if (requested is null)
        {
            topics.AddRange(Broker.Topics.All.Where(t => Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, t.Name))
                .OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (ErrorCode.None, (string?)t.Name, t.Id, (Topic?)t)));
            return topics;
        }

        var ids = requested.Select(t => t.Id).Where(id => id != Guid.Empty).Distinct().ToList();
        if (ids.Count > 0)
        {
            foreach (var id in ids)
            {
                var topic = Broker.Topics.Find(id);
                var visible = topic is not null && Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, topic.Name);
                topics.Add(visible ? (ErrorCode.None, topic!.Name, id, topic) : (ErrorCode.UnknownTopicId, null, id, null));
            }

            return topics;
        }

        foreach (var name in requested.Select(t => t.Name).Distinct(StringComparer.Ordinal))
        {
            if (name is null)
            {
                topics.Add((ErrorCode.InvalidRequest, string.Empty, Guid.Empty, null));
            }
            else if (TopicNames.Validate(name) is not null)
            {
                topics.Add((ErrorCode.InvalidTopicException, name, Guid.Empty, null));
            }
            else if (!Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, name))
            {
                topics.Add((ErrorCode.TopicAuthorizationFailed, name, Guid.Empty, null));
            }
            else
            {
                var mayCreate = allowAutoCreate && Broker.Authorizer.AllowsCreateTopic(request, name);
                var topic = Broker.Topics.GetOrAutoCreate(name, mayCreate);
                var missing = allowAutoCreate && !mayCreate && Broker.Options.AutoCreateTopics
                    ? ErrorCode.TopicAuthorizationFailed
                    : ErrorCode.UnknownTopicOrPartition;
                topics.Add(topic is null ? (missing, name, Guid.Empty, null) : (ErrorCode.None, name, topic.Id, topic));
            }
        }

        return topics;
    }

    /// <summary>Every partition led by this node, its only replica and ISR; the leader epoch is 0 as leadership never moves.</summary>
    private List<MetadataResponse.MetadataResponsePartition> Partitions(int count)
    {
        var partitions = new List<MetadataResponse.MetadataResponsePartition>(count);
        for (var i = 0; i < count; i++)
        {
            partitions.Add(new MetadataResponse.MetadataResponsePartition
            {
                PartitionIndex = i,
                LeaderId = Broker.NodeId,
                LeaderEpoch = 0,
                ReplicaNodes = [Broker.NodeId],
                IsrNodes = [Broker.NodeId],
            });
        }

        return partitions;
    }

    /// <summary>Kafka's answer to a request it refuses as a whole: no brokers, no controller, every topic with INVALID_REQUEST.</summary>
    private static MetadataResponse InvalidRequest(List<(Guid Id, string? Name)> requested) => new()
    {
        ControllerId = -1,
        Topics = requested.ConvertAll(t => new MetadataResponse.MetadataResponseTopic
        {
            ErrorCode = ErrorCode.InvalidRequest,
            Name = t.Name ?? string.Empty,
            TopicId = t.Id,
        }),
    };
}
