using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Admin;

public sealed class CreateTopicsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly CreateTopicsOptions Options = new() { RequestTimeout = TimeSpan.FromSeconds(10), OperationTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_topic_is_created_with_its_partitions_and_config_overrides()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "created-with-configs", NumPartitions = 4, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "3600000", ["cleanup.policy"] = "delete" } }],
            Options);

        var metadata = admin.GetMetadata("created-with-configs", TimeSpan.FromSeconds(10));
        var topic = Assert.Single(metadata.Topics);
        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.Equal([0, 1, 2, 3], topic.Partitions.Select(p => p.PartitionId).Order());

        var described = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = "created-with-configs" }]);
        var entries = Assert.Single(described).Entries;
        Assert.Equal("3600000", entries["retention.ms"].Value);
        Assert.Equal(ConfigSource.DynamicTopicConfig, entries["retention.ms"].Source);
        Assert.Equal(ConfigSource.DynamicTopicConfig, entries["cleanup.policy"].Source);
        Assert.Equal(ConfigSource.DefaultConfig, entries["segment.bytes"].Source);
    }

    [Fact]
    public async Task Default_partitions_and_replication_factor_come_from_the_broker()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "created-with-defaults", NumPartitions = -1, ReplicationFactor = -1 }], Options);
        var topic = Assert.Single(admin.GetMetadata("created-with-defaults", TimeSpan.FromSeconds(10)).Topics);
        Assert.Single(topic.Partitions);
    }

    [Fact]
    public async Task Creating_an_existing_topic_answers_TopicAlreadyExists()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "created-twice", NumPartitions = 2, ReplicationFactor = 1 }], Options);
        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = "created-twice", NumPartitions = 5, ReplicationFactor = 1 });
        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Code);

        // The existing topic is untouched.
        Assert.Equal(2, Assert.Single(admin.GetMetadata("created-twice", TimeSpan.FromSeconds(10)).Topics).Partitions.Count);
    }

    [Fact]
    public async Task Zero_partitions_answers_InvalidPartitions()
    {
        // librdkafka refuses other negative counts itself; -1 means the broker default.
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = "zero-partitions", NumPartitions = 0, ReplicationFactor = 1 });
        Assert.Equal(ErrorCode.InvalidPartitions, error.Code);
        Assert.False(fixture.Broker.Context.Topics.TryGet("zero-partitions", out _));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("..")]
    public async Task An_invalid_name_answers_InvalidTopic(string name)
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = name, NumPartitions = 1, ReplicationFactor = 1 });
        Assert.Equal(ErrorCode.TopicException, error.Code);
    }

    [Fact]
    public async Task A_name_longer_than_249_characters_answers_InvalidTopic()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = new string('x', 250), NumPartitions = 1, ReplicationFactor = 1 });
        Assert.Equal(ErrorCode.TopicException, error.Code);
    }

    [Theory]
    [InlineData("retention.ms", "soon")]
    [InlineData("compression.type", "brotli")]
    [InlineData("no.such.config", "1")]
    [InlineData("cleanup.policy", "shrink")]
    [InlineData("cleanup.policy", "compact,compact")]
    [InlineData("min.cleanable.dirty.ratio", "1.5")]
    public async Task A_bad_config_answers_InvalidConfig_with_a_message(string name, string value)
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var topic = "bad-config-" + name.Replace('.', '-');
        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { [name] = value } });
        Assert.Equal(ErrorCode.InvalidConfig, error.Code);
        Assert.Contains(name, error.Reason, StringComparison.Ordinal);
        Assert.False(fixture.Broker.Context.Topics.TryGet(topic, out _));
    }

    [Fact]
    public async Task A_replication_factor_above_one_answers_InvalidReplicationFactor()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = "three-replicas", NumPartitions = 1, ReplicationFactor = 3 });
        Assert.Equal(ErrorCode.InvalidReplicationFactor, error.Code);
    }

    [Fact]
    public async Task Replica_assignments_must_name_only_this_broker()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "assigned", NumPartitions = 2, ReplicationFactor = -1, ReplicasAssignments = new() { [0] = [1], [1] = [1] } }], Options);
        Assert.Equal(2, Assert.Single(admin.GetMetadata("assigned", TimeSpan.FromSeconds(10)).Topics).Partitions.Count);

        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = "assigned-elsewhere", NumPartitions = 1, ReplicationFactor = -1, ReplicasAssignments = new() { [0] = [2] } });
        Assert.Equal(ErrorCode.InvalidReplicaAssignment, error.Code);
    }

    [Fact]
    public async Task Validate_only_checks_but_creates_nothing()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "only-validated", NumPartitions = 3, ReplicationFactor = 1 }], new CreateTopicsOptions { ValidateOnly = true, RequestTimeout = TimeSpan.FromSeconds(10) });
        Assert.False(fixture.Broker.Context.Topics.TryGet("only-validated", out _));
    }

    [Fact]
    public async Task More_than_ten_thousand_partitions_in_one_request_answers_PolicyViolation()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var error = await CreateFailsAsync(admin, new TopicSpecification { Name = "huge", NumPartitions = 10_001, ReplicationFactor = 1 });
        Assert.Equal(ErrorCode.PolicyViolation, error.Code);
        Assert.False(fixture.Broker.Context.Topics.TryGet("huge", out _));
    }

    private static async Task<Error> CreateFailsAsync(IAdminClient admin, TopicSpecification topic)
    {
        var ex = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync([topic], Options));
        return Assert.Single(ex.Results).Error;
    }
}
