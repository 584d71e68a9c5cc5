using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Infrastructure;
using BrokerError = Stormline.Broker.Protocol.ErrorCode;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Stormline.Broker.Tests.Admin;

public sealed class DeleteTopicsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly DeleteTopicsOptions Options = new() { RequestTimeout = TimeSpan.FromSeconds(10), OperationTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_deleted_topic_is_gone_from_metadata_and_disk()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "to-delete", 3);
        var directories = fixture.Broker.Context.Topics.TryGet("to-delete", out var topic) ? topic.Partitions.Select(p => p.Directory).ToList() : [];
        Assert.Equal(3, directories.Count);
        Assert.All(directories, d => Assert.True(Directory.Exists(d)));

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.DeleteTopicsAsync(["to-delete"], Options);

        Assert.False(fixture.Broker.Context.Topics.TryGet("to-delete", out _));
        Assert.All(directories, d => Assert.False(Directory.Exists(d)));
        Assert.False(File.Exists(Path.Combine(fixture.Broker.DataDirectory, "meta", "topics", "to-delete.json")));
        var all = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(all.Topics, t => t.Topic == "to-delete");
    }

    [Fact]
    public async Task Deleting_an_unknown_topic_answers_UnknownTopicOrPart_and_the_others_still_go()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "delete-me-too", 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var ex = await Assert.ThrowsAsync<DeleteTopicsException>(() => admin.DeleteTopicsAsync(["never-existed", "delete-me-too"], Options));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, ex.Results.Single(r => r.Topic == "never-existed").Error.Code);
        Assert.Equal(ErrorCode.NoError, ex.Results.Single(r => r.Topic == "delete-me-too").Error.Code);
        Assert.False(fixture.Broker.Context.Topics.TryGet("delete-me-too", out _));
    }

    [Fact]
    public async Task A_deleted_topic_can_be_created_again_and_starts_empty()
    {
        const string name = "reborn";
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = 2, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "60000" } }]);
        using (var producer = KafkaClients.Producer(fixture.BootstrapServers))
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(new TopicPartition(name, i % 2), new Message<string, string> { Key = "k", Value = "old-" + i });
            }
        }

        await admin.DeleteTopicsAsync([name], Options);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = 1, ReplicationFactor = 1 }]);

        var described = Assert.Single(await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = name }]));
        Assert.Equal(ConfigSource.DefaultConfig, described.Entries["retention.ms"].Source);
        Assert.Single(Assert.Single(admin.GetMetadata(name, TimeSpan.FromSeconds(10)).Topics).Partitions);

        using var consumer = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(fixture.BootstrapServers, "reborn-reader")).Build();
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(name, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(0, watermarks.Low.Value);
        Assert.Equal(0, watermarks.High.Value);

        using (var producer = KafkaClients.Producer(fixture.BootstrapServers))
        {
            var delivered = await producer.ProduceAsync(new TopicPartition(name, 0), new Message<string, string> { Key = "k", Value = "new" });
            Assert.Equal(0, delivered.Offset.Value);
        }

        var records = KafkaClients.ReadAll(fixture.BootstrapServers, name, 1, 1);
        Assert.Equal(["new"], records.Select(r => r.Message.Value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_advertised_version_deletes_and_reports_per_topic(short version)
    {
        var name = $"wire-delete-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, name, 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.DeleteTopics, version, w =>
        {
            w.WriteArrayLength(3);
            w.WriteString(name);
            w.WriteString("wire-unknown");
            w.WriteString(name);
            w.WriteInt32(5000);
        });

        if (version >= 1)
        {
            Assert.Equal(0, response.ReadInt32());
        }

        var results = response.ReadArray(r => (Name: r.ReadString(), Error: (BrokerError)r.ReadInt16()));
        Assert.Equal(0, response.Remaining);
        Assert.Equal([(name, BrokerError.InvalidRequest), ("wire-unknown", BrokerError.UnknownTopicOrPartition)], results);

        // Named twice: refused, so the topic is still there; named once it goes.
        Assert.True(fixture.Broker.Context.Topics.TryGet(name, out _));
        response = await wire.SendAsync(ApiKey.DeleteTopics, version, w =>
        {
            w.WriteArrayLength(1);
            w.WriteString(name);
            w.WriteInt32(5000);
        });
        if (version >= 1)
        {
            response.ReadInt32();
        }

        Assert.Equal([(name, BrokerError.None)], response.ReadArray(r => (r.ReadString(), (BrokerError)r.ReadInt16())));
        Assert.False(fixture.Broker.Context.Topics.TryGet(name, out _));
    }
}
