using Stormline.Broker.Log;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DeleteRecords: v0-2.
/// Behaviour: per partition, makes the given offset (-1: the high watermark) the log start offset, fsynced to the
/// partition's log-start-offset-checkpoint before the answer (it survives a restart); segments wholly below it are
/// deleted. Fetches below it answer OFFSET_OUT_OF_RANGE and ListOffsets earliest returns it. The answer's
/// low_watermark is the log start offset afterwards. timeout_ms is read and ignored: nothing is left pending.
/// Errors per partition: UNKNOWN_TOPIC_OR_PARTITION; OFFSET_OUT_OF_RANGE past the high watermark or below -1;
/// KAFKA_STORAGE_ERROR when the checkpoint cannot be written.
/// Version notes: v1 same as v0; v2 flexible (librdkafka sends at most v1). Advertising v2 once seemed to stall the
/// fuzz test's admin requests: it only changed the fuzzer's frame sequence, which then reached a CreateTopics of
/// 4,097 partitions that held the topic manager's lock for 20 s (fixed there); v0-2 never waited on anything.
/// </summary>
internal sealed class DeleteRecordsHandler(BrokerContext broker) : MessageHandler<DeleteRecordsRequest, DeleteRecordsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DeleteRecords;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override ValueTask<DeleteRecordsResponse> HandleAsync(Request request, DeleteRecordsRequest message, CancellationToken cancellationToken)
    {
        var topics = message.Topics.Select(t =>
        {
            Broker.Topics.TryGet(t.Name, out var topic);
            return new DeleteRecordsResponse.DeleteRecordsTopicResult
            {
                Name = t.Name,
                Partitions = t.Partitions.Select(p =>
                {
                    var (error, lowWatermark) = !Broker.Authorizer.AllowsTopic(request, AclOperation.Delete, t.Name) ? (ErrorCode.TopicAuthorizationFailed, -1L)
                        : topic?.Partition(p.PartitionIndex) is { } log ? Delete(log, p.Offset) : (ErrorCode.UnknownTopicOrPartition, -1L);
                    return new DeleteRecordsResponse.DeleteRecordsPartitionResult { PartitionIndex = p.PartitionIndex, LowWatermark = lowWatermark, ErrorCode = error };
                }).ToList(),
            };
        }).ToList();
        return ValueTask.FromResult(new DeleteRecordsResponse { Topics = topics });
    }

    private static (ErrorCode Error, long LowWatermark) Delete(PartitionLog log, long offset)
    {
        try
        {
            return log.DeleteRecordsBefore(offset);
        }
        catch (ObjectDisposedException)
        {
            // The topic was deleted while this request ran.
            return (ErrorCode.UnknownTopicOrPartition, -1L);
        }
    }
}
