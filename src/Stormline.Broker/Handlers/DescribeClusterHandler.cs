using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeCluster (KIP-700): v0-1, flexible from v0.
/// Behaviour: the cluster id and this one node, which is also the controller Kafka reports to clients; the cluster's
/// authorized operations when asked (from the ACLs; as in Kafka, no
/// permission is needed to describe the cluster).
/// Version notes: v1 adds endpoint_type: asking a broker for its controllers (2) answers MISMATCHED_ENDPOINT_TYPE,
/// as a Kafka broker does.
/// Skipped: v2 (include_fenced_brokers): a single node is never fenced, and no client needs it to describe one.
/// librdkafka (Confluent.Kafka's DescribeClusterAsync) does not send this API: it describes the cluster with Metadata.
/// </summary>
internal sealed class DescribeClusterHandler(BrokerContext broker) : MessageHandler<DescribeClusterRequest, DescribeClusterResponse>(broker)
{
    private const sbyte Brokers = 1;

    public override ApiKey Key => ApiKey.DescribeCluster;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override ValueTask<DescribeClusterResponse> HandleAsync(Request request, DescribeClusterRequest message, CancellationToken cancellationToken)
    {
        var mismatched = message.EndpointType != Brokers;
        return ValueTask.FromResult(new DescribeClusterResponse
        {
            ErrorCode = mismatched ? ErrorCode.MismatchedEndpointType : ErrorCode.None,
            ErrorMessage = mismatched ? "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER" : null,
            EndpointType = message.EndpointType,
            ClusterId = Broker.Options.ClusterId,
            ControllerId = Broker.NodeId,
            Brokers =
            [
                new DescribeClusterResponse.DescribeClusterBroker
                {
                    BrokerId = Broker.NodeId,
                    Host = request.Session.Listener.AdvertisedHost,
                    Port = request.Session.Listener.AdvertisedPort,
                },
            ],
            ClusterAuthorizedOperations = AuthorizedOperations.When(message.IncludeClusterAuthorizedOperations, AuthorizedOperations.OfCluster(Broker.Authorizer, request)),
        });
    }
}
