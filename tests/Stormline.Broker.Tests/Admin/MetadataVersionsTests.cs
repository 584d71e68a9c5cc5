using Stormline.Broker.Protocol;
using Messages = Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Tests.Infrastructure;
using BrokerError = Stormline.Broker.Protocol.ErrorCode;

namespace Stormline.Broker.Tests.Admin;

/// <summary>Metadata on the wire in every advertised version, including the flexible v9-12 with topic ids.</summary>
public sealed class MetadataVersionsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    public static TheoryData<short> Versions => new(Enumerable.Range(1, 12).Select(v => (short)v));

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_version_describes_the_broker_and_the_requested_topics(short version)
    {
        var name = $"meta-known-v{version}";
        var unknown = $"meta-unknown-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, name, 2);
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out var known));
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await SendAsync(wire, version, [(Guid.Empty, name), (Guid.Empty, unknown), (Guid.Empty, "bad name"), (Guid.Empty, name)], allowAutoCreate: false);

        var broker = Assert.Single(response.Brokers);
        Assert.Equal((1, "127.0.0.1", fixture.Broker.Port, (string?)null), broker);
        Assert.Equal(version >= 2 ? "stormline-cluster" : null, response.ClusterId);
        Assert.Equal(1, response.ControllerId);
        Assert.Equal(3, response.Topics.Count);

        var topic = response.Topics[0];
        Assert.Equal((BrokerError.None, name, version >= 10 ? known.Id : Guid.Empty, false), (topic.Error, topic.Name, topic.Id, topic.IsInternal));
        Assert.Equal([0, 1], topic.Partitions.Select(p => p.Index));
        Assert.All(topic.Partitions, p =>
        {
            Assert.Equal((BrokerError.None, 1, version >= 7 ? 0 : -1), (p.Error, p.Leader, p.Epoch));
            Assert.Equal([1], p.Replicas);
            Assert.Equal([1], p.Isr);
            Assert.Empty(p.Offline);
        });
        Assert.Equal((BrokerError.InvalidTopicException, "bad name"), (response.Topics[2].Error, response.Topics[2].Name));
        if (version < 4)
        {
            // Before allow_auto_topic_creation existed, a Metadata request always auto-creates (when the broker allows it).
            Assert.Equal((BrokerError.None, unknown), (response.Topics[1].Error, response.Topics[1].Name));
            Assert.True(fixture.Broker.Context.Topics.TryGet(unknown, out _));
        }
        else
        {
            Assert.Equal((BrokerError.UnknownTopicOrPartition, unknown, Guid.Empty), (response.Topics[1].Error, response.Topics[1].Name, response.Topics[1].Id));
            Assert.False(fixture.Broker.Context.Topics.TryGet(unknown, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_null_topic_list_lists_every_topic(short version)
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, $"meta-listed-v{version}", 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await SendAsync(wire, version, null, allowAutoCreate: false);
        Assert.Contains(response.Topics, t => t.Name == $"meta-listed-v{version}" && t.Error == BrokerError.None);
        Assert.Equal(fixture.Broker.Context.Topics.All.Count, response.Topics.Count);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(12)]
    public async Task Unknown_topics_are_created_when_the_request_allows_it(short version)
    {
        var name = $"meta-auto-v{version}";
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await SendAsync(wire, version, [(Guid.Empty, name)], allowAutoCreate: true);
        var topic = Assert.Single(response.Topics);
        Assert.Equal((BrokerError.None, name), (topic.Error, topic.Name));
        Assert.Single(topic.Partitions);
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out var created));
        Assert.Equal(version >= 10 ? created.Id : Guid.Empty, topic.Id);
    }

    [Fact]
    public async Task Version_12_looks_topics_up_by_id()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "meta-by-id", 3);
        Assert.True(fixture.Broker.Context.Topics.TryGet("meta-by-id", out var known));
        var missing = Guid.NewGuid();
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await SendAsync(wire, 12, [(known.Id, null), (missing, null)], allowAutoCreate: true);

        Assert.Equal(2, response.Topics.Count);
        Assert.Equal((BrokerError.None, "meta-by-id", known.Id, 3), (response.Topics[0].Error, response.Topics[0].Name, response.Topics[0].Id, response.Topics[0].Partitions.Count));
        Assert.Equal((BrokerError.UnknownTopicId, (string?)null, missing, 0), (response.Topics[1].Error, response.Topics[1].Name, response.Topics[1].Id, response.Topics[1].Partitions.Count));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    public async Task Versions_10_and_11_refuse_topic_ids_as_Kafka_does(short version)
    {
        var name = $"meta-id-too-early-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, name, 1);
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out var known));
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await SendAsync(wire, version, [(known.Id, null), (Guid.Empty, name)], allowAutoCreate: false);

        Assert.Empty(response.Brokers);
        Assert.Equal(-1, response.ControllerId);
        Assert.Equal([(BrokerError.InvalidRequest, (string?)string.Empty), (BrokerError.InvalidRequest, name)], response.Topics.Select(t => (t.Error, t.Name)));

        // The connection is still usable.
        var again = await SendAsync(wire, version, [(Guid.Empty, name)], allowAutoCreate: false);
        Assert.Equal(BrokerError.None, Assert.Single(again.Topics).Error);
    }

    [Fact]
    public async Task Tagged_fields_sent_by_a_newer_client_are_skipped()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "meta-tagged", 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var reader = await wire.SendAsync(ApiKey.Metadata, 12, w =>
        {
            w.WriteArrayLength(1);
            w.WriteUuid(Guid.Empty);
            w.WriteString("meta-tagged");
            WriteOneTaggedField(w);
            w.WriteBool(false);
            w.WriteBool(false);
            WriteOneTaggedField(w);
        }, flexible: true);

        var response = Read(Messages.MetadataResponse.Read(reader, 12), 12);
        Assert.Equal((BrokerError.None, "meta-tagged"), (Assert.Single(response.Topics).Error, response.Topics[0].Name));
    }

    private static void WriteOneTaggedField(KafkaWriter w)
    {
        w.WriteUnsignedVarInt(1);
        w.WriteUnsignedVarInt(7);
        w.WriteUnsignedVarInt(3);
        w.WriteRaw([1, 2, 3]);
    }

    private static async Task<MetadataResponse> SendAsync(AdminWireClient wire, short version, (Guid Id, string? Name)[]? topics, bool allowAutoCreate)
    {
        var request = new Messages.MetadataRequest
        {
            Topics = topics?.Select(t => new Messages.MetadataRequest.MetadataRequestTopic { TopicId = t.Id, Name = t.Name }).ToList(),
            AllowAutoTopicCreation = allowAutoCreate,
        };
        return Read(await wire.SendAsync<Messages.MetadataRequest, Messages.MetadataResponse>(ApiKey.Metadata, version, request), version);
    }

    /// <summary>The answer as the tests compare it; authorized operations are never asked for here, so always omitted.</summary>
    private static MetadataResponse Read(Messages.MetadataResponse response, short version)
    {
        Assert.Equal(int.MinValue, response.ClusterAuthorizedOperations);
        Assert.All(response.Topics, t => Assert.Equal(int.MinValue, t.TopicAuthorizedOperations));
        return new MetadataResponse(
            response.Brokers.ConvertAll(b => (b.NodeId, b.Host, b.Port, b.Rack)),
            response.ClusterId,
            response.ControllerId,
            response.Topics.ConvertAll(t => new TopicMetadata(
                t.ErrorCode,
                t.Name,
                t.TopicId,
                t.IsInternal,
                t.Partitions.ConvertAll(p => new PartitionMetadata(p.ErrorCode, p.PartitionIndex, p.LeaderId, p.LeaderEpoch, p.ReplicaNodes, p.IsrNodes, p.OfflineReplicas)))));
    }

    private sealed record MetadataResponse(List<(int, string, int, string?)> Brokers, string? ClusterId, int ControllerId, List<TopicMetadata> Topics);

    private sealed record TopicMetadata(BrokerError Error, string? Name, Guid Id, bool IsInternal, List<PartitionMetadata> Partitions);

    private sealed record PartitionMetadata(BrokerError Error, int Index, int Leader, int Epoch, List<int> Replicas, List<int> Isr, List<int> Offline);
}
