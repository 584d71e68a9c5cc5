using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// FindCoordinator: v0-3.
/// Behaviour: this node coordinates every group (key_type 0) and every transactional id (key_type 1); other key
/// types get INVALID_REQUEST.
/// Version notes: v1 key_type, throttle and error_message; v3 flexible.
/// Skipped: v4+ (batched coordinator keys, KIP-699).
/// </summary>
internal sealed class FindCoordinatorHandler(BrokerContext broker) : MessageHandler<FindCoordinatorRequest, FindCoordinatorResponse>(broker)
{
    public override ApiKey Key => ApiKey.FindCoordinator;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<FindCoordinatorResponse> HandleAsync(Request request, FindCoordinatorRequest message, CancellationToken cancellationToken)
    {
        var (key, keyType) = (message.Key, message.KeyType);
        var error = keyType == 0 && !Broker.Authorizer.AllowsGroup(request, AclOperation.Describe, key) ? ErrorCode.GroupAuthorizationFailed
            : keyType == 1 && !Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Describe, key) ? ErrorCode.TransactionalIdAuthorizationFailed
            : keyType is 0 or 1 ? ErrorCode.None : ErrorCode.InvalidRequest;
        var found = error == ErrorCode.None;
        return ValueTask.FromResult(new FindCoordinatorResponse
        {
            ErrorCode = error,
            ErrorMessage = error switch
            {
                ErrorCode.None => null,
                ErrorCode.InvalidRequest => $"Unknown coordinator key type {keyType}",
                _ => "Not authorized to describe the coordinator's key",
            },
            NodeId = found ? Broker.NodeId : -1,
            Host = found ? request.Session.Listener.AdvertisedHost : string.Empty,
            Port = found ? request.Session.Listener.AdvertisedPort : -1,
        });
    }
}
