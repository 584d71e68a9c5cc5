using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// A handler over generated message types: the request is decoded and the response encoded by the codecs generated
/// from Kafka's definitions, so the subclass is only the API's logic. The flexible versions come from the definition.
/// </summary>
internal abstract class MessageHandler<TRequest, TResponse>(BrokerContext broker) : ApiHandler(broker)
    where TRequest : IKafkaMessage<TRequest>
    where TResponse : IKafkaMessage<TResponse>
{
    public sealed override short FirstFlexibleVersion => TRequest.FlexibleFrom;

    public sealed override async ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var message = TRequest.Read(request.Body, request.Version);
        var answer = await HandleAsync(request, message, cancellationToken);
        answer.Write(response, request.Version);
        return true;
    }

    protected abstract ValueTask<TResponse> HandleAsync(Request request, TRequest message, CancellationToken cancellationToken);
}
