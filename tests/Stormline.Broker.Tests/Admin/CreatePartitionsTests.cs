using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Admin;

public sealed class CreatePartitionsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly CreatePartitionsOptions Options = new() { RequestTimeout = TimeSpan.FromSeconds(10), OperationTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_topic_grows_and_producers_write_to_the_new_partitions()
    {
        const string topic = "growing";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 5 }], Options);

        Assert.Equal([0, 1, 2, 3, 4], Assert.Single(admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics).Partitions.Select(p => p.PartitionId).Order());

        using (var producer = KafkaClients.Producer(fixture.BootstrapServers))
        {
            for (var partition = 0; partition < 5; partition++)
            {
                var delivered = await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string, string> { Key = "k", Value = "p" + partition });
                Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
                Assert.Equal(0, delivered.Offset.Value);
            }
        }

        var records = KafkaClients.ReadAll(fixture.BootstrapServers, topic, 5, 5);
        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], records.OrderBy(r => r.Partition.Value).Select(r => r.Message.Value));
    }

    [Fact]
    public async Task A_running_producer_learns_the_new_partitions()
    {
        const string topic = "growing-under-load";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var producer = KafkaClients.Producer(fixture.BootstrapServers, c => c.TopicMetadataRefreshIntervalMs = 200);
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "before", Value = "x" });

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 3 }], Options);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        var written = new HashSet<int>();
        while (written.Count < 3 && DateTime.UtcNow < deadline)
        {
            try
            {
                var delivered = await producer.ProduceAsync(new TopicPartition(topic, written.Count), new Message<string, string> { Key = "after", Value = "y" });
                written.Add(delivered.Partition.Value);
            }
            catch (ProduceException<string, string> ex) when (ex.Error.Code == ErrorCode.Local_UnknownPartition)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal([0, 1, 2], written.Order());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public async Task A_count_that_is_not_larger_answers_InvalidPartitions(int count)
    {
        var topic = $"not-larger-{count}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 3);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var error = await GrowFailsAsync(admin, new PartitionsSpecification { Topic = topic, IncreaseTo = count });
        Assert.Equal(ErrorCode.InvalidPartitions, error.Code);
        Assert.Contains("3 partition", error.Reason, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics).Partitions.Count);
    }

    [Fact]
    public async Task An_unknown_topic_answers_UnknownTopicOrPart()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var error = await GrowFailsAsync(admin, new PartitionsSpecification { Topic = "no-such-topic-to-grow", IncreaseTo = 4 });
        Assert.Equal(ErrorCode.UnknownTopicOrPart, error.Code);
    }

    [Fact]
    public async Task Validate_only_checks_but_adds_nothing()
    {
        const string topic = "grow-validated";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 4 }], new CreatePartitionsOptions { ValidateOnly = true, RequestTimeout = TimeSpan.FromSeconds(10) });
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var existing));
        Assert.Single(existing.Partitions);

        var error = Assert.Single((await Assert.ThrowsAsync<CreatePartitionsException>(() => admin.CreatePartitionsAsync(
            [new PartitionsSpecification { Topic = topic, IncreaseTo = 1 }],
            new CreatePartitionsOptions { ValidateOnly = true, RequestTimeout = TimeSpan.FromSeconds(10) }))).Results).Error;
        Assert.Equal(ErrorCode.InvalidPartitions, error.Code);
    }

    [Fact]
    public async Task Assignments_must_be_one_list_of_this_broker_per_new_partition()
    {
        const string topic = "grow-assigned";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        var elsewhere = await GrowFailsAsync(admin, new PartitionsSpecification { Topic = topic, IncreaseTo = 2, ReplicaAssignments = [[2]] });
        Assert.Equal(ErrorCode.InvalidReplicaAssignment, elsewhere.Code);
        var twoReplicas = await GrowFailsAsync(admin, new PartitionsSpecification { Topic = topic, IncreaseTo = 2, ReplicaAssignments = [[1, 2]] });
        Assert.Equal(ErrorCode.InvalidReplicaAssignment, twoReplicas.Code);
        var tooFew = await GrowFailsAsync(admin, new PartitionsSpecification { Topic = topic, IncreaseTo = 3, ReplicaAssignments = [[1]] });
        Assert.Equal(ErrorCode.InvalidReplicaAssignment, tooFew.Code);
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var existing));
        Assert.Single(existing.Partitions);

        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 3, ReplicaAssignments = [[1], [1]] }], Options);
        Assert.Equal(3, existing.Partitions.Count);
    }

    [Fact]
    public async Task Partitions_added_survive_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "stormline-grow-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = data }))
            {
                await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "grown-then-restarted", 1);
                using var admin = KafkaClients.Admin(broker.BootstrapServers);
                await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "grown-then-restarted", IncreaseTo = 4 }], Options);
            }

            await using (var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = data }))
            {
                using var admin = KafkaClients.Admin(broker.BootstrapServers);
                Assert.Equal(4, Assert.Single(admin.GetMetadata("grown-then-restarted", TimeSpan.FromSeconds(10)).Topics).Partitions.Count);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<Error> GrowFailsAsync(IAdminClient admin, PartitionsSpecification specification)
    {
        var ex = await Assert.ThrowsAsync<CreatePartitionsException>(() => admin.CreatePartitionsAsync([specification], Options));
        return Assert.Single(ex.Results).Error;
    }
}
