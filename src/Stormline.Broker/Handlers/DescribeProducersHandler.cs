using Stormline.Broker.Producers;
using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeProducers (KIP-664): v0, flexible.
/// Behaviour: per partition the producers the partition holds state for (idempotent and transactional, Kafka's
/// activeProducers): producer id and epoch, the last sequence and the max timestamp of its last batch there (-1 for
/// none), the coordinator epoch of its last marker there (-1 for none) and the first offset of its open transaction
/// there (-1 for none): a hanging transaction shows as an old start offset. An unknown topic or partition is
/// UNKNOWN_TOPIC_OR_PARTITION.
/// Authorization: READ on the topic (TOPIC_AUTHORIZATION_FAILED), as Kafka checks it.
/// </summary>
internal sealed class DescribeProducersHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.DescribeProducers;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    public override short FirstFlexibleVersion => 0;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var topics = body.ReadArray(r =>
        {
            var name = r.ReadString();
            var partitions = r.ReadArray(p => p.ReadInt32());
            r.SkipTaggedFields();
            return (Name: name, Partitions: partitions);
        });
        body.SkipTaggedFields();

        response.WriteInt32(0);
        response.WriteArray(topics, (w, t) =>
        {
            var readable = Broker.Authorizer.AllowsTopic(request, AclOperation.Read, t.Name);
            w.WriteString(t.Name);
            w.WriteArray(t.Partitions, (pw, index) =>
            {
                var (error, message, producers) = Describe(readable, t.Name, index);
                pw.WriteInt32(index);
                pw.WriteInt16(error);
                pw.WriteString(message);
                pw.WriteArray(producers, static (aw, p) =>
                {
                    aw.WriteInt64(p.ProducerId);
                    aw.WriteInt32(p.Epoch);
                    aw.WriteInt32(p.LastSequence);
                    aw.WriteInt64(p.LastTimestamp);
                    aw.WriteInt32(p.CoordinatorEpoch);
                    aw.WriteInt64(p.CurrentTxnStartOffset);
                    aw.WriteEmptyTaggedFields();
                });
                pw.WriteEmptyTaggedFields();
            });
            w.WriteEmptyTaggedFields();
        });
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }

    private (ErrorCode Error, string? Message, List<ActiveProducer> Producers) Describe(bool readable, string topic, int index)
    {
        if (!readable)
        {
            return (ErrorCode.TopicAuthorizationFailed, null, []);
        }

        if (!Broker.Topics.TryGet(topic, out var t) || t.Partition(index) is not { } log)
        {
            return (ErrorCode.UnknownTopicOrPartition, $"{topic}-{index} does not exist", []);
        }

        return (ErrorCode.None, null, log.ActiveProducers());
    }
}
