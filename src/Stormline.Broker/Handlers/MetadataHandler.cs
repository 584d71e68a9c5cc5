using Stormline.Broker.Protocol;
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
/// (always 0: leadership never moves); v8 authorized operations when asked (every operation of a topic or the cluster: there is no authorizer); v9 is
/// flexible (compact encodings, tagged fields); v10 topic ids in the answer (each topic's persisted UUID); v11 drops
/// the cluster authorized operations; v12 looks topics up by id: when any requested id is non-zero the request is
/// answered by id only (as Kafka), unknown ids with UNKNOWN_TOPIC_ID and a null name. A v10/v11 request that names a
/// topic id or a null name gets Kafka's error answer: every requested topic with INVALID_REQUEST, no brokers.
/// Skipped: v13 (top-level error code) — librdkafka 2.x asks for ≤ 13 and picks v12 from this range.
/// </summary>
internal sealed class MetadataHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.Metadata;

    public override short MinVersion => 1;

    public override short MaxVersion => 12;

    public override short FirstFlexibleVersion => 9;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        var requested = body.ReadNullableArray(r =>
        {
            var id = v >= 10 ? r.ReadUuid() : Guid.Empty;
            var name = v >= 10 ? r.ReadNullableString() : r.ReadString();
            r.SkipTaggedFields();
            return (Id: id, Name: name);
        });
        var allowAutoCreate = v < 4 || body.ReadBool();
        var clusterOperations = v is >= 8 and <= 10 && body.ReadBool();
        var topicOperations = v >= 8 && body.ReadBool();

        body.SkipTaggedFields();

        if (v < 12 && requested is not null && requested.Any(t => t.Name is null || t.Id != Guid.Empty))
        {
            WriteInvalidRequest(response, v, requested);
            return ValueTask.FromResult(true);
        }

        WriteHeader(response, v, request.Session.Listener);
        var topics = Resolve(requested, allowAutoCreate);
        response.WriteArrayLength(topics.Count);
        foreach (var (error, name, id, topic) in topics)
        {
            WriteTopic(response, v, error, name, id, topic, topicOperations);
        }

        WriteFooter(response, v, clusterOperations);
        return ValueTask.FromResult(true);
    }

    private List<(ErrorCode Error, string? Name, Guid Id, Topic? Topic)> Resolve(List<(Guid Id, string? Name)>? requested, bool allowAutoCreate)
    {
        var topics = new List<(ErrorCode, string?, Guid, Topic?)>();
        if (requested is null)
        {
            topics.AddRange(Broker.Topics.All.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (ErrorCode.None, (string?)t.Name, t.Id, (Topic?)t)));
            return topics;
        }

        var ids = requested.Select(t => t.Id).Where(id => id != Guid.Empty).Distinct().ToList();
        if (ids.Count > 0)
        {
            foreach (var id in ids)
            {
                var topic = Broker.Topics.Find(id);
                topics.Add(topic is null ? (ErrorCode.UnknownTopicId, null, id, null) : (ErrorCode.None, topic.Name, id, topic));
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
            else
            {
                var topic = Broker.Topics.GetOrAutoCreate(name, allowAutoCreate);
                topics.Add(topic is null ? (ErrorCode.UnknownTopicOrPartition, name, Guid.Empty, null) : (ErrorCode.None, name, topic.Id, topic));
            }
        }

        return topics;
    }

    private void WriteHeader(KafkaWriter response, short v, BoundListener listener)
    {
        if (v >= 3)
        {
            response.WriteInt32(0);
        }

        response.WriteArrayLength(1);
        response.WriteInt32(Broker.NodeId);
        response.WriteString(listener.AdvertisedHost);
        response.WriteInt32(listener.AdvertisedPort);
        response.WriteString(null);
        response.WriteEmptyTaggedFields();
        if (v >= 2)
        {
            response.WriteString(Broker.Options.ClusterId);
        }

        response.WriteInt32(Broker.NodeId);
    }

    private void WriteTopic(KafkaWriter response, short v, ErrorCode error, string? name, Guid id, Topic? topic, bool includeOperations)
    {
        response.WriteInt16(error);
        response.WriteString(name);
        if (v >= 10)
        {
            response.WriteUuid(id);
        }

        response.WriteBool(topic?.IsInternal ?? false);
        var partitions = topic?.Partitions ?? [];
        response.WriteArrayLength(partitions.Count);
        for (var i = 0; i < partitions.Count; i++)
        {
            response.WriteInt16(ErrorCode.None);
            response.WriteInt32(i);
            response.WriteInt32(Broker.NodeId);
            if (v >= 7)
            {
                response.WriteInt32(0);
            }

            WriteSelf(response);
            WriteSelf(response);
            if (v >= 5)
            {
                response.WriteArrayLength(0);
            }

            response.WriteEmptyTaggedFields();
        }

        if (v >= 8)
        {
            response.WriteInt32(AuthorizedOperations.When(includeOperations && topic is not null, AuthorizedOperations.Topic));
        }

        response.WriteEmptyTaggedFields();
    }

    private static void WriteFooter(KafkaWriter response, short v, bool includeOperations)
    {
        if (v is >= 8 and <= 10)
        {
            response.WriteInt32(AuthorizedOperations.When(includeOperations, AuthorizedOperations.Cluster));
        }

        response.WriteEmptyTaggedFields();
    }

    /// <summary>Kafka's answer to a request it refuses as a whole: no brokers, no controller, every topic with INVALID_REQUEST.</summary>
    private static void WriteInvalidRequest(KafkaWriter response, short v, List<(Guid Id, string? Name)> requested)
    {
        response.WriteInt32(0);
        response.WriteArrayLength(0);
        response.WriteString(null);
        response.WriteInt32(-1);
        response.WriteArrayLength(requested.Count);
        foreach (var (id, name) in requested)
        {
            response.WriteInt16(ErrorCode.InvalidRequest);
            response.WriteString(name ?? string.Empty);
            response.WriteUuid(id);
            response.WriteBool(false);
            response.WriteArrayLength(0);
            response.WriteInt32(AuthorizedOperations.Omitted);
            response.WriteEmptyTaggedFields();
        }

        WriteFooter(response, v, includeOperations: false);
    }

    private void WriteSelf(KafkaWriter response)
    {
        response.WriteArrayLength(1);
        response.WriteInt32(Broker.NodeId);
    }
}
