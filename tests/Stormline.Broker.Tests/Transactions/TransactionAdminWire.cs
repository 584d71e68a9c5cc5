using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>
/// DescribeTransactions, ListTransactions and DescribeProducers on the wire (librdkafka sends none of them), decoded
/// field by field from Kafka's message definitions; each checks that nothing is left over in the answer.
/// </summary>
public static class TransactionAdminWire
{
    public sealed record TransactionDescription(
        ErrorCode Error, string TransactionalId, string State, int TimeoutMs, long StartTimeMs, long ProducerId, short ProducerEpoch,
        List<(string Topic, List<int> Partitions)> Topics);

    public sealed record TransactionListing(ErrorCode Error, List<string> UnknownStateFilters, List<(string TransactionalId, long ProducerId, string State)> Transactions);

    public sealed record ProducerState(long ProducerId, int ProducerEpoch, int LastSequence, long LastTimestamp, int CoordinatorEpoch, long CurrentTxnStartOffset);

    public static async Task<TransactionDescription> DescribeAsync(string bootstrap, string transactionalId, string clientId = "admin-wire-test")
    {
        await using var wire = await AdminWireClient.ConnectAsync(bootstrap, clientId);
        var r = await wire.SendAsync(ApiKey.DescribeTransactions, 0, w =>
        {
            w.WriteArray([transactionalId], static (x, id) => x.WriteString(id));
            w.WriteEmptyTaggedFields();
        }, flexible: true);
        Assert.Equal(0, r.ReadInt32());
        var states = r.ReadArray(s =>
        {
            var described = new TransactionDescription(
                (ErrorCode)s.ReadInt16(), s.ReadString(), s.ReadString(), s.ReadInt32(), s.ReadInt64(), s.ReadInt64(), s.ReadInt16(),
                s.ReadArray(t =>
                {
                    var topic = (t.ReadString(), t.ReadArray(p => p.ReadInt32()));
                    t.SkipTaggedFields();
                    return topic;
                }));
            s.SkipTaggedFields();
            return described;
        });
        r.SkipTaggedFields();
        Assert.Equal(0, r.Remaining);
        return Assert.Single(states);
    }

    public static async Task<TransactionListing> ListAsync(
        string bootstrap, string[] states, long[] producerIds, long durationMs = -1, short version = 1, string clientId = "admin-wire-test")
    {
        await using var wire = await AdminWireClient.ConnectAsync(bootstrap, clientId);
        var r = await wire.SendAsync(ApiKey.ListTransactions, version, w =>
        {
            w.WriteArray(states, static (x, s) => x.WriteString(s));
            w.WriteArray(producerIds, static (x, p) => x.WriteInt64(p));
            if (version >= 1)
            {
                w.WriteInt64(durationMs);
            }

            w.WriteEmptyTaggedFields();
        }, flexible: true);
        Assert.Equal(0, r.ReadInt32());
        var error = (ErrorCode)r.ReadInt16();
        var unknown = r.ReadArray(x => x.ReadString());
        var listed = r.ReadArray(x =>
        {
            var entry = (x.ReadString(), x.ReadInt64(), x.ReadString());
            x.SkipTaggedFields();
            return entry;
        });
        r.SkipTaggedFields();
        Assert.Equal(0, r.Remaining);
        return new TransactionListing(error, unknown, listed);
    }

    public static async Task<(ErrorCode Error, List<ProducerState> Producers)> DescribeProducersAsync(
        string bootstrap, string topic, int partition, string clientId = "admin-wire-test")
    {
        await using var wire = await AdminWireClient.ConnectAsync(bootstrap, clientId);
        var r = await wire.SendAsync(ApiKey.DescribeProducers, 0, w =>
        {
            w.WriteArray([topic], (x, t) =>
            {
                x.WriteString(t);
                x.WriteArray([partition], static (y, p) => y.WriteInt32(p));
                x.WriteEmptyTaggedFields();
            });
            w.WriteEmptyTaggedFields();
        }, flexible: true);
        Assert.Equal(0, r.ReadInt32());
        var topics = r.ReadArray(t =>
        {
            var name = t.ReadString();
            var partitions = t.ReadArray(p =>
            {
                var index = p.ReadInt32();
                var error = (ErrorCode)p.ReadInt16();
                p.ReadNullableString();
                var producers = p.ReadArray(a =>
                {
                    var state = new ProducerState(a.ReadInt64(), a.ReadInt32(), a.ReadInt32(), a.ReadInt64(), a.ReadInt32(), a.ReadInt64());
                    a.SkipTaggedFields();
                    return state;
                });
                p.SkipTaggedFields();
                return (index, error, producers);
            });
            t.SkipTaggedFields();
            return (name, partitions);
        });
        r.SkipTaggedFields();
        Assert.Equal(0, r.Remaining);
        var (answeredTopic, answered) = Assert.Single(topics);
        Assert.Equal(topic, answeredTopic);
        var (answeredIndex, partitionError, active) = Assert.Single(answered);
        Assert.Equal(partition, answeredIndex);
        return (partitionError, active);
    }
}
