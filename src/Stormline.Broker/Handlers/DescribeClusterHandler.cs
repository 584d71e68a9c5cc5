using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeCluster (KIP-700): v0-1, flexible from v0.
/// Behaviour: the cluster id and this one node, which is also the controller Kafka reports to clients; the cluster's
/// authorized operations when asked (all of them: there is no authorizer).
/// Version notes: v1 adds endpoint_type: asking a broker for its controllers (2) answers MISMATCHED_ENDPOINT_TYPE,
/// as a Kafka broker does.
/// Skipped: v2 (include_fenced_brokers): a single node is never fenced, and no client needs it to describe one.
/// librdkafka (Confluent.Kafka's DescribeClusterAsync) does not send this API: it describes the cluster with Metadata.
/// </summary>
internal sealed class DescribeClusterHandler(BrokerContext broker) : ApiHandler(broker)
{
    private const sbyte Brokers = 1;

    public override ApiKey Key => ApiKey.DescribeCluster;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    public override short FirstFlexibleVersion => 0;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var includeOperations = body.ReadBool();
        var endpointType = request.Version >= 1 ? body.ReadInt8() : Brokers;
        body.SkipTaggedFields();

        response.WriteInt32(0);
        if (endpointType != Brokers)
        {
            response.WriteInt16(ErrorCode.MismatchedEndpointType);
            response.WriteString("The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER");
        }
        else
        {
            response.WriteInt16(ErrorCode.None);
            response.WriteString(null);
        }

        if (request.Version >= 1)
        {
            response.WriteInt8(endpointType);
        }

        response.WriteString(Broker.Options.ClusterId);
        response.WriteInt32(Broker.NodeId);
        response.WriteArray([(Broker.NodeId, request.Session.Listener)], static (w, b) =>
        {
            w.WriteInt32(b.NodeId);
            w.WriteString(b.Listener.AdvertisedHost);
            w.WriteInt32(b.Listener.AdvertisedPort);
            w.WriteString(null);
            w.WriteEmptyTaggedFields();
        });
        response.WriteInt32(AuthorizedOperations.When(includeOperations, AuthorizedOperations.Cluster));
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
