using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// FindCoordinator: v0-2.
/// Behaviour: this node coordinates every group (key_type 0) and every transactional id (key_type 1); other key
/// types get INVALID_REQUEST.
/// Version notes: v1 key_type, throttle and error_message.
/// </summary>
internal sealed class FindCoordinatorHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.FindCoordinator;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var key = request.Body.ReadString();
        var keyType = request.Version >= 1 ? request.Body.ReadInt8() : 0;
        var error = keyType == 0 && !Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, key) ? ErrorCode.GroupAuthorizationFailed
            : keyType == 1 && !Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Describe, key) ? ErrorCode.TransactionalIdAuthorizationFailed
            : keyType is 0 or 1 ? ErrorCode.None : ErrorCode.InvalidRequest;
        if (request.Version >= 1)
        {
            response.WriteInt32(0);
        }

        response.WriteInt16(error);
        if (request.Version >= 1)
        {
            response.WriteString(error switch
            {
                ErrorCode.None => null,
                ErrorCode.InvalidRequest => $"Unknown coordinator key type {keyType}",
                _ => "Not authorized to describe the coordinator's key",
            });
        }

        response.WriteInt32(error == ErrorCode.None ? Broker.NodeId : -1);
        response.WriteString(error == ErrorCode.None ? request.Session.Listener.AdvertisedHost : string.Empty);
        response.WriteInt32(error == ErrorCode.None ? request.Session.Listener.AdvertisedPort : -1);
        return ValueTask.FromResult(true);
    }
}
