using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Txn;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ListTransactions (KIP-664): v0-1, flexible.
/// Behaviour: every transactional id the coordinator holds with its producer id and state, filtered by state names
/// (any of them; empty: all), producer ids (any of them; empty: all) and, v1 (KIP-994), a duration: only transactions
/// that began longer ago than that many milliseconds (negative: no filter). State names Kafka does not know are
/// returned in unknown_state_filters; when every state filter is unknown nothing is listed, as Kafka answers.
/// Authorization: ids the principal may not DESCRIBE are left out (no error), as Kafka does.
/// Skipped: v2 (KIP-1152's transactional id pattern, Kafka 4.1): no released client sends it yet.
/// </summary>
internal sealed class ListTransactionsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.ListTransactions;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    public override short FirstFlexibleVersion => 0;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var stateNames = body.ReadArray(r => r.ReadString());
        var producerIds = body.ReadArray(r => r.ReadInt64()).ToHashSet();
        var minDurationMs = request.Version >= 1 ? body.ReadInt64() : -1;
        body.SkipTaggedFields();

        var states = new HashSet<TransactionState>();
        var unknown = new List<string>();
        foreach (var name in stateNames.Distinct(StringComparer.Ordinal))
        {
            if (!TransactionStateNames.TryParse(name, out var state))
            {
                unknown.Add(name);
            }
            else if (state is { } held)
            {
                states.Add(held);
            }
        }

        // Filters that name only states this coordinator never holds (or only unknown ones) match nothing.
        var listed = stateNames.Count > 0 && states.Count == 0
            ? []
            : Broker.Transactions.List(states, producerIds, minDurationMs)
                .Where(m => Broker.Authorizer.AllowsTransactionalId(request, AclOperation.Describe, m.TransactionalId))
                .ToList();

        response.WriteInt32(0);
        response.WriteInt16(ErrorCode.None);
        response.WriteArray(unknown, static (w, name) => w.WriteString(name));
        response.WriteArray(listed, static (w, m) =>
        {
            w.WriteString(m.TransactionalId);
            w.WriteInt64(m.ProducerId);
            w.WriteString(TransactionStateNames.Of(m.State));
            w.WriteEmptyTaggedFields();
        });
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }
}
