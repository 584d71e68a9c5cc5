using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// AddPartitionsToTxn: v0-3.
/// Behaviour: registers the partitions in the producer's transaction, starting one if none is open (a transactional
/// produce to a partition not registered gets INVALID_TXN_STATE). Unknown id or producer id: INVALID_PRODUCER_ID_MAPPING;
/// an old epoch: fenced; a transaction still being completed: CONCURRENT_TRANSACTIONS (retriable); an unknown topic or
/// partition fails the whole request (UNKNOWN_TOPIC_OR_PARTITION there, OPERATION_NOT_ATTEMPTED elsewhere).
/// Version notes: v1 throttling; v2 PRODUCER_FENCED (older: INVALID_PRODUCER_EPOCH); v3 flexible.
/// Skipped: v4+ (KIP-890 broker-to-broker batches and verify_only): a single node verifies in-process.
/// </summary>
internal sealed class AddPartitionsToTxnHandler(BrokerContext broker) : MessageHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>(broker)
{
    public override ApiKey Key => ApiKey.AddPartitionsToTxn;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override ValueTask<AddPartitionsToTxnResponse> HandleAsync(Request request, AddPartitionsToTxnRequest message, CancellationToken cancellationToken)
    {
        var transactionalId = message.V3AndBelowTransactionalId;
        var topics = message.V3AndBelowTopics;

        // Kafka's checks: WRITE on the transactional id, then on every topic; when any fails, nothing is added and the
        // partitions that were allowed answer OPERATION_NOT_ATTEMPTED.
        var authorizer = Broker.Authorizer;
        var idAllowed = authorizer.AllowsTransactionalId(request, AclOperation.Write, transactionalId);
        var unwritable = topics.Select(t => t.Name).Where(t => !authorizer.AllowsTopic(request, AclOperation.Write, t)).ToHashSet(StringComparer.Ordinal);
        var results = idAllowed && unwritable.Count == 0
            ? Broker.Transactions.AddPartitions(transactionalId, message.V3AndBelowProducerId, message.V3AndBelowProducerEpoch, [.. topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p)))])
            : topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p))).Distinct().ToDictionary(
                tp => tp,
                tp => !idAllowed ? ErrorCode.TransactionalIdAuthorizationFailed
                    : unwritable.Contains(tp.Name) ? ErrorCode.TopicAuthorizationFailed
                    : ErrorCode.OperationNotAttempted);
        return ValueTask.FromResult(new AddPartitionsToTxnResponse
        {
            ResultsByTopicV3AndBelow = topics.Select(t => new AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult
            {
                Name = t.Name,
                ResultsByPartition = t.Partitions.Select(p => new AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult
                {
                    PartitionIndex = p,
                    PartitionErrorCode = TransactionErrors.ForVersion(results[(t.Name, p)], request.Version, firstFencedVersion: 2),
                }).ToList(),
            }).ToList(),
        });
    }
}
