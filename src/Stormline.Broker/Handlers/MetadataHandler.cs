using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Metadata: v1-8.
/// Behaviour: one broker (this node), which leads every partition with itself as the only replica and ISR.
/// A null topic list means all topics. Unknown topics are created synchronously when auto.create.topics.enable is
/// on and the request allows it (v4+; always for v1-3), else answered with UNKNOWN_TOPIC_OR_PARTITION.
/// Version notes: v2 cluster id; v3 throttle; v4 allow_auto_topic_creation; v5 offline replicas; v7 leader epoch
/// (always 0: leadership never moves); v8 authorized operations (-2147483648: not computed, no ACLs here).
/// </summary>
internal sealed class MetadataHandler(BrokerContext broker) : ApiHandler(broker)
{
    private const int AuthorizedOperationsOmitted = int.MinValue;

    public override ApiKey Key => ApiKey.Metadata;

    public override short MinVersion => 1;

    public override short MaxVersion => 8;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var names = body.ReadNullableArray(r => r.ReadString());
        var allowAutoCreate = request.Version < 4 || body.ReadBool();
        if (request.Version >= 8)
        {
            body.ReadBool();
            body.ReadBool();
        }

        var topics = new List<(string Name, Topic? Topic, ErrorCode Error)>();
        if (names is null)
        {
            topics.AddRange(Broker.Topics.All.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Name, (Topic?)t, ErrorCode.None)));
        }
        else
        {
            foreach (var name in names)
            {
                if (TopicNames.Validate(name) is not null)
                {
                    topics.Add((name, null, ErrorCode.InvalidTopicException));
                    continue;
                }

                var topic = Broker.Topics.GetOrAutoCreate(name, allowAutoCreate);
                topics.Add((name, topic, topic is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None));
            }
        }

        var v = request.Version;
        if (v >= 3)
        {
            response.WriteInt32(0);
        }

        response.WriteArrayLength(1);
        response.WriteInt32(Broker.NodeId);
        response.WriteString(Broker.AdvertisedHost);
        response.WriteInt32(Broker.Port);
        response.WriteString(null);
        if (v >= 2)
        {
            response.WriteString(Broker.Options.ClusterId);
        }

        response.WriteInt32(Broker.NodeId);
        response.WriteArrayLength(topics.Count);
        foreach (var (name, topic, error) in topics)
        {
            response.WriteInt16(error);
            response.WriteString(name);
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
            }

            if (v >= 8)
            {
                response.WriteInt32(AuthorizedOperationsOmitted);
            }
        }

        if (v >= 8)
        {
            response.WriteInt32(AuthorizedOperationsOmitted);
        }

        return ValueTask.FromResult(true);
    }

    private void WriteSelf(KafkaWriter response)
    {
        response.WriteArrayLength(1);
        response.WriteInt32(Broker.NodeId);
    }
}
