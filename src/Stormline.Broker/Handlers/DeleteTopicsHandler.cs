using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DeleteTopics: v0-4.
/// Behaviour: deletes each named topic at once (metadata file, then every partition's log directory, then the
/// committed offsets of its partitions in every group), before the answer, so the name can be created again straight
/// away and starts empty, and no group resumes it at an old offset. timeout_ms is read and ignored: nothing
/// is left pending. A topic named twice is answered once.
/// Errors per topic: UNKNOWN_TOPIC_OR_PARTITION (also for names that cannot be topics), INVALID_REQUEST for a name
/// given twice.
/// Version notes: v1 throttle_time_ms; v2, v3 same shape (v3 may answer TOPIC_DELETION_DISABLED, never here).
/// v4 flexible.
/// Skipped: v5 (error messages, throttling quota) and v6 (deletion by topic id).
/// </summary>
internal sealed class DeleteTopicsHandler(BrokerContext broker) : MessageHandler<DeleteTopicsRequest, DeleteTopicsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DeleteTopics;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override ValueTask<DeleteTopicsResponse> HandleAsync(Request request, DeleteTopicsRequest message, CancellationToken cancellationToken)
    {
        var names = message.TopicNames;
        var counts = names.CountBy(n => n, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var results = names.Distinct(StringComparer.Ordinal).Select(name => new DeleteTopicsResponse.DeletableTopicResult
        {
            Name = name,
            ErrorCode = counts[name] > 1 ? ErrorCode.InvalidRequest
                : !Broker.Authorizer.AllowsTopic(request, AclOperation.Delete, name) ? ErrorCode.TopicAuthorizationFailed
                : Delete(name),
        }).ToList();
        return ValueTask.FromResult(new DeleteTopicsResponse { Responses = results });
    }

    /// <summary>The topic, then its committed offsets in every group (a re-created topic must not resume at them).</summary>
    private ErrorCode Delete(string name)
    {
        var error = Broker.Topics.Delete(name).Error;
        return error == ErrorCode.None ? Broker.Groups.OnTopicDeleted(name) : error;
    }
}
