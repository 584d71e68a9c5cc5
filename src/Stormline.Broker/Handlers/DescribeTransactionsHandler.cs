using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Txn;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeTransactions (KIP-664): v0, flexible.
/// Behaviour: per transactional id its state by Kafka's name (Empty, Ongoing, PrepareCommit, PrepareAbort,
/// CompleteCommit, CompleteAbort), the transaction timeout, when the current or last transaction began (-1 in Empty),
/// its producer id and epoch, and the partitions of the open transaction (none once it completed). An id the
/// coordinator does not know is TRANSACTIONAL_ID_NOT_FOUND.
/// Authorization: DESCRIBE on the transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED); partitions of topics the
/// principal may not DESCRIBE are left out, as Kafka does.
/// Skipped: v1 (KIP-1050's TransactionLastUpdateTimeMs, Kafka 4.2): no released client sends it yet.
/// </summary>
internal sealed class DescribeTransactionsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.DescribeTransactions;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    public override short FirstFlexibleVersion => 0;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var ids = body.ReadArray(r => r.ReadString());
        body.SkipTaggedFields();

        response.WriteInt32(0);
        response.WriteArray(ids, (w, id) =>
        {
            var allowed = Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Describe, id);
            var metadata = allowed ? Broker.Transactions.Describe(id) : null;
            var error = !allowed ? ErrorCode.TransactionalIdAuthorizationFailed
                : metadata is null ? ErrorCode.TransactionalIdNotFound
                : ErrorCode.None;
            w.WriteInt16(error);
            w.WriteString(id);
            w.WriteString(metadata is null ? string.Empty : TransactionStateNames.Of(metadata.State));
            w.WriteInt32(metadata?.TimeoutMs ?? -1);
            w.WriteInt64(metadata is null || metadata.State == TransactionState.Empty ? -1 : metadata.StartMs);
            w.WriteInt64(metadata?.ProducerId ?? -1);
            w.WriteInt16(metadata?.ProducerEpoch ?? -1);
            var topics = metadata is null || metadata.IsComplete
                ? []
                : metadata.Partitions
                    .Where(p => Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, p.Topic))
                    .GroupBy(p => p.Topic, StringComparer.Ordinal)
                    .Select(g => (Topic: g.Key, Partitions: g.Select(p => p.Partition).Order().ToList()))
                    .OrderBy(t => t.Topic, StringComparer.Ordinal)
                    .ToList();
            w.WriteArray(topics, static (tw, t) =>
            {
                tw.WriteString(t.Topic);
                tw.WriteArray(t.Partitions, static (pw, p) => pw.WriteInt32(p));
                tw.WriteEmptyTaggedFields();
            });
            w.WriteEmptyTaggedFields();
        });
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
