using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Fetch on the wire in every advertised version: requests written with the generated codec over a real socket,
/// answers decoded whole. v13+ name topics by id (KIP-516): the broker resolves them, and answers an id it does not
/// know with UNKNOWN_TOPIC_ID, as Kafka's KafkaApis.handleFetchRequest does.
/// </summary>
public sealed class FetchVersionsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    public static TheoryData<short> Versions => new(Enumerable.Range(4, 14).Select(v => (short)v));

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_version_returns_the_records_and_the_partition_state(short version)
    {
        var name = $"fetch-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, name, 2);
        await KafkaClients.ProduceAsync(fixture.BootstrapServers, name, 1, 3);
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out var topic));
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await FetchAsync(wire, version, Fetch(name, topic.Id, [0, 1]));

        Assert.Equal((ErrorCode.None, 0), (response.ErrorCode, response.SessionId));
        Assert.Empty(response.NodeEndpoints);
        var answered = Assert.Single(response.Responses);
        // Each version carries one of the two: the name up to v12, the id from v13.
        Assert.Equal(version >= 13 ? (string.Empty, topic.Id) : (name, Guid.Empty), (answered.Topic, answered.TopicId));
        Assert.Equal([0, 1], answered.Partitions.Select(p => p.PartitionIndex));
        var data = answered.Partitions[0];
        Assert.Equal((ErrorCode.None, 3L, 3L, version >= 5 ? 0L : -1L, -1), (data.ErrorCode, data.HighWatermark, data.LastStableOffset, data.LogStartOffset, data.PreferredReadReplica));
        Assert.Null(data.AbortedTransactions);
        Assert.Equal(2, LastOffset(data.Records!.Value.Span));
        var empty = answered.Partitions[1];
        Assert.Equal((ErrorCode.None, 0L, 0), (empty.ErrorCode, empty.HighWatermark, empty.Records!.Value.Length));
    }

    [Theory]
    [InlineData((short)13)]
    [InlineData((short)15)]
    [InlineData((short)16)]
    [InlineData((short)17)]
    public async Task An_unknown_topic_id_answers_unknown_topic_id_and_a_known_one_still_answers(short version)
    {
        var name = $"fetch-ids-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, name, 1);
        await KafkaClients.ProduceAsync(fixture.BootstrapServers, name, 1, 1);
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out var topic));
        var missing = Guid.NewGuid();
        var request = Fetch(name, topic.Id, [0, 7]);
        request.Topics.Add(new FetchRequest.FetchTopic { TopicId = missing, Partitions = [Partition(0)] });
        request.Topics.Add(new FetchRequest.FetchTopic { TopicId = Guid.Empty, Partitions = [Partition(0)] });
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await FetchAsync(wire, version, request);

        Assert.Equal(
            [(topic.Id, 0, ErrorCode.None), (topic.Id, 7, ErrorCode.UnknownTopicOrPartition), (missing, 0, ErrorCode.UnknownTopicId), (Guid.Empty, 0, ErrorCode.UnknownTopicId)],
            response.Responses.SelectMany(t => t.Partitions.Select(p => (t.TopicId, p.PartitionIndex, p.ErrorCode))));
        Assert.Equal(0, LastOffset(response.Responses[0].Partitions[0].Records!.Value.Span));
        // Empty records, never null: librdkafka drops a whole response with a null record set.
        Assert.All(response.Responses.Skip(1), t => Assert.All(t.Partitions, p => Assert.Equal((-1L, 0), (p.HighWatermark, p.Records!.Value.Length))));
    }

    [Theory]
    [InlineData((short)4)]
    [InlineData((short)12)]
    public async Task Before_v13_an_unknown_name_answers_unknown_topic_or_partition(short version)
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await FetchAsync(wire, version, Fetch("fetch-no-such-topic", Guid.Empty, [0]));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, Assert.Single(Assert.Single(response.Responses).Partitions).ErrorCode);
    }

    [Fact]
    public async Task Tagged_fields_of_newer_clients_and_followers_are_read_and_ignored()
    {
        const string name = "fetch-tagged";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, name, 1);
        await KafkaClients.ProduceAsync(fixture.BootstrapServers, name, 1, 2);
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out var topic));
        var request = Fetch(name, topic.Id, [0]);
        request.ClusterId = "stormline-cluster";
        request.ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = -1, ReplicaEpoch = 5 };
        request.Topics[0].Partitions[0].ReplicaDirectoryId = Guid.NewGuid();
        request.Topics[0].Partitions[0].LastFetchedEpoch = 0;
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await FetchAsync(wire, 17, request);

        var data = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal((ErrorCode.None, 2L), (data.ErrorCode, data.HighWatermark));
        Assert.Equal(1, LastOffset(data.Records!.Value.Span));
    }

    [Fact]
    public async Task A_fetch_past_the_log_end_answers_offset_out_of_range_without_records()
    {
        const string name = "fetch-out-of-range";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, name, 1);
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out var topic));
        var request = Fetch(name, topic.Id, [0]);
        request.Topics[0].Partitions[0].FetchOffset = 50;
        request.IsolationLevel = 1;
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var data = Assert.Single(Assert.Single((await FetchAsync(wire, 16, request)).Responses).Partitions);

        // Empty, not null, as Kafka answers a failed read of the log.
        Assert.Equal((ErrorCode.OffsetOutOfRange, 0L, 0), (data.ErrorCode, data.HighWatermark, data.Records!.Value.Length));
        Assert.Null(data.AbortedTransactions);
    }

    private static Task<FetchResponse> FetchAsync(AdminWireClient wire, short version, FetchRequest request) =>
        wire.SendAsync<FetchRequest, FetchResponse>(ApiKey.Fetch, version, request);

    /// <summary>A consumer's fetch: no wait, one byte is enough, read_uncommitted; the topic by name and by id (each version writes one).</summary>
    private static FetchRequest Fetch(string name, Guid id, int[] partitions) => new()
    {
        MaxWaitMs = 0,
        MinBytes = 1,
        MaxBytes = 1024 * 1024,
        Topics = [new FetchRequest.FetchTopic { Topic = name, TopicId = id, Partitions = partitions.Select(Partition).ToList() }],
    };

    private static FetchRequest.FetchPartition Partition(int index) => new() { Partition = index, FetchOffset = 0, PartitionMaxBytes = 1024 * 1024 };

    /// <summary>The last offset of the last whole batch in <paramref name="records"/>.</summary>
    private static long LastOffset(ReadOnlySpan<byte> records)
    {
        Assert.True(records.Length >= RecordBatch.HeaderSize, "no record batch returned");
        var last = -1L;
        while (records.Length >= RecordBatch.HeaderSize)
        {
            var header = RecordBatch.ReadHeader(records);
            last = header.LastOffset;
            records = records[header.TotalSize..];
        }

        return last;
    }
}
