using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Security;

/// <summary>Kafka's Produce checks: WRITE on the transactional id when there is one, then WRITE on the topic.</summary>
internal static class ProduceAuthorization
{
    /// <summary>The error for a partition of <paramref name="topic"/>, or null when the write is authorized.</summary>
    public static ErrorCode? Denied(Authorizer authorizer, Request request, string topic, string? transactionalId) =>
        transactionalId is not null && !authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId)
            ? ErrorCode.TransactionalIdAuthorizationFailed
        : !authorizer.AllowsTopic(request, AclOperation.Write, topic) ? ErrorCode.TopicAuthorizationFailed
        : null;
}
