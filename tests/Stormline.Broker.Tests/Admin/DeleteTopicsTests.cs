using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
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

    [Fact]
    public async Task A_topic_in_use_by_a_producer_and_a_consumer_can_be_deleted()
    {
        const string name = "busy-then-deleted";
        var logs = new RecordingLoggerFactory();
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 }, logs);
        var bootstrap = broker.BootstrapServers;
        await KafkaClients.CreateTopicAsync(bootstrap, name, 2);
        using var cts = new CancellationTokenSource();
        var produced = 0;
        var producing = Task.Run(async () =>
        {
            using var producer = KafkaClients.Producer(bootstrap, c => c.MessageTimeoutMs = 2000);
            while (!cts.IsCancellationRequested)
            {
                try
                {
                    await producer.ProduceAsync(name, new Message<string, string> { Key = "k", Value = "v" });
                    produced++;
                }
                catch (ProduceException<string, string>)
                {
                    await Task.Delay(50);
                }
            }
        });
        var consuming = Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(bootstrap, "busy-reader")).Build();
            consumer.Assign([new TopicPartitionOffset(name, 0, Offset.Beginning), new TopicPartitionOffset(name, 1, Offset.Beginning)]);
            while (!cts.IsCancellationRequested)
            {
                try
                {
                    consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException)
                {
                }
            }
        });

        while (produced < 20)
        {
            await Task.Delay(20);
        }

        using var admin = KafkaClients.Admin(bootstrap);
        await admin.DeleteTopicsAsync([name], Options);
        await Task.Delay(500);
        await cts.CancelAsync();
        await Task.WhenAll(producing, consuming);

        // The broker keeps serving: the topic can be created again and used, and the old data is gone.
        if (broker.Context.Topics.TryGet(name, out _))
        {
            // The producer's metadata request auto-created the name again after the delete (auto.create.topics.enable).
            await admin.DeleteTopicsAsync([name], Options);
        }

        await KafkaClients.CreateTopicAsync(bootstrap, name, 1);
        using var fresh = KafkaClients.Producer(bootstrap);
        Assert.Equal(0, (await fresh.ProduceAsync(name, new Message<string, string> { Key = "k", Value = "after" })).Offset.Value);
        Assert.Empty(logs.Problems);
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
