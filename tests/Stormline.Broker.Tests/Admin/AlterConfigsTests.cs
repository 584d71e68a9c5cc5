using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using BrokerError = Stormline.Broker.Protocol.ErrorCode;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Stormline.Broker.Tests.Admin;

public sealed class AlterConfigsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task Set_makes_an_override_and_delete_returns_to_the_default()
    {
        const string topic = "altered";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        await admin.IncrementalAlterConfigsAsync(Changes(topic, ("retention.ms", AlterConfigOpType.Set, "86400000"), ("segment.bytes", AlterConfigOpType.Set, "1048576")));
        var entries = await DescribeAsync(admin, topic);
        Assert.Equal(("86400000", ConfigSource.DynamicTopicConfig), (entries["retention.ms"].Value, entries["retention.ms"].Source));
        Assert.Equal(("1048576", ConfigSource.DynamicTopicConfig), (entries["segment.bytes"].Value, entries["segment.bytes"].Source));
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live));
        Assert.All(live.Partitions, p => Assert.Equal(86_400_000, p.Config.RetentionMs));

        await admin.IncrementalAlterConfigsAsync(Changes(topic, ("retention.ms", AlterConfigOpType.Delete, null)));
        entries = await DescribeAsync(admin, topic);
        Assert.Equal(("604800000", ConfigSource.DefaultConfig), (entries["retention.ms"].Value, entries["retention.ms"].Source));
        Assert.Equal(ConfigSource.DynamicTopicConfig, entries["segment.bytes"].Source);
        Assert.All(live.Partitions, p => Assert.Equal(604_800_000, p.Config.RetentionMs));
    }

    [Fact]
    public async Task A_change_reaches_the_live_partition_logs_at_once()
    {
        const string topic = "altered-live";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var producer = KafkaClients.Producer(fixture.BootstrapServers);
        var big = new string('x', 4096);
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = big });

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.IncrementalAlterConfigsAsync(Changes(topic, ("max.message.bytes", AlterConfigOpType.Set, "1024")));

        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = big }));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, ex.Error.Code);
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "small" });
    }

    [Fact]
    public async Task Append_and_subtract_work_on_list_configs_only()
    {
        const string topic = "altered-lists";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        // APPEND of a value already in the effective list changes nothing but is an override now.
        await admin.IncrementalAlterConfigsAsync(Changes(topic, ("cleanup.policy", AlterConfigOpType.Append, "delete")));
        var entries = await DescribeAsync(admin, topic);
        Assert.Equal(("delete", ConfigSource.DynamicTopicConfig), (entries["cleanup.policy"].Value, entries["cleanup.policy"].Source));

        // APPEND compact makes the topic compacted as well as retained by time (Kafka's compact,delete).
        await admin.IncrementalAlterConfigsAsync(Changes(topic, ("cleanup.policy", AlterConfigOpType.Append, "compact")));
        Assert.Equal("delete,compact", (await DescribeAsync(admin, topic))["cleanup.policy"].Value);
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live) && live.Partitions[0].Config is { Compact: true, Delete: true });
        await admin.IncrementalAlterConfigsAsync(Changes(topic, ("cleanup.policy", AlterConfigOpType.Subtract, "compact")));

        // An empty policy is not a policy: refused with a message that says what is.
        var subtract = await AlterFailsAsync(admin, Changes(topic, ("cleanup.policy", AlterConfigOpType.Subtract, "delete")));
        Assert.Equal(ErrorCode.InvalidConfig, subtract.Code);
        Assert.Contains("'compact'", subtract.Reason, StringComparison.Ordinal);

        var notAList = await AlterFailsAsync(admin, Changes(topic, ("retention.ms", AlterConfigOpType.Append, "1000")));
        Assert.Equal(ErrorCode.InvalidConfig, notAList.Code);
        Assert.Contains("not LIST", notAList.Reason, StringComparison.Ordinal);
        var subtractNotAList = await AlterFailsAsync(admin, Changes(topic, ("compression.type", AlterConfigOpType.Subtract, "gzip")));
        Assert.Equal(ErrorCode.InvalidConfig, subtractNotAList.Code);

        entries = await DescribeAsync(admin, topic);
        Assert.Equal("delete", entries["cleanup.policy"].Value);
        Assert.Equal(ConfigSource.DefaultConfig, entries["retention.ms"].Source);
    }

    [Theory]
    [InlineData("no.such.config", "1")]
    [InlineData("retention.ms", "forever")]
    [InlineData("segment.bytes", "0")]
    [InlineData("message.timestamp.type", "WallClock")]
    public async Task Unknown_names_and_bad_values_answer_InvalidConfig_and_change_nothing(string name, string value)
    {
        var topic = "altered-bad-" + name.Replace('.', '-');
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        // The valid change in the same resource is not applied either: a resource changes whole or not at all.
        var error = await AlterFailsAsync(admin, Changes(topic, ("flush.messages", AlterConfigOpType.Set, "10"), (name, AlterConfigOpType.Set, value)));
        Assert.Equal(ErrorCode.InvalidConfig, error.Code);
        Assert.Contains(name, error.Reason, StringComparison.Ordinal);

        var entries = await DescribeAsync(admin, topic);
        Assert.All(entries.Values, e => Assert.Equal(ConfigSource.DefaultConfig, e.Source));
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live));
        Assert.Empty(live.Configs);
    }

    [Fact]
    public async Task Validate_only_checks_but_changes_nothing()
    {
        const string topic = "altered-validated";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var options = new IncrementalAlterConfigsOptions { ValidateOnly = true, RequestTimeout = TimeSpan.FromSeconds(10) };

        await admin.IncrementalAlterConfigsAsync(Changes(topic, ("retention.ms", AlterConfigOpType.Set, "1000")), options);
        Assert.Equal(ConfigSource.DefaultConfig, (await DescribeAsync(admin, topic))["retention.ms"].Source);

        var ex = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(Changes(topic, ("retention.ms", AlterConfigOpType.Set, "x")), options));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(ex.Results).Error.Code);
    }

    [Fact]
    public async Task An_unknown_topic_answers_UnknownTopicOrPart_and_the_other_resources_still_change()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "altered-beside-unknown", 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var changes = Changes("not-there-to-alter", ("retention.ms", AlterConfigOpType.Set, "1000"));
        foreach (var (resource, entries) in Changes("altered-beside-unknown", ("retention.ms", AlterConfigOpType.Set, "2000")))
        {
            changes[resource] = entries;
        }

        var ex = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(changes));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, ex.Results.Single(r => r.ConfigResource.Name == "not-there-to-alter").Error.Code);
        Assert.Equal(ErrorCode.NoError, ex.Results.Single(r => r.ConfigResource.Name == "altered-beside-unknown").Error.Code);
        Assert.Equal("2000", (await DescribeAsync(admin, "altered-beside-unknown"))["retention.ms"].Value);
    }

    [Fact]
    public async Task Legacy_AlterConfigs_replaces_every_override()
    {
        const string topic = "altered-legacy";
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "1000", ["segment.ms"] = "2000" } }]);

        await admin.AlterConfigsAsync(new() { [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = [new ConfigEntry { Name = "flush.messages", Value = "5" }] });

        var entries = await DescribeAsync(admin, topic);
        Assert.Equal(("5", ConfigSource.DynamicTopicConfig), (entries["flush.messages"].Value, entries["flush.messages"].Source));
        Assert.Equal(ConfigSource.DefaultConfig, entries["retention.ms"].Source);
        Assert.Equal(ConfigSource.DefaultConfig, entries["segment.ms"].Source);

        var ex = await Assert.ThrowsAsync<AlterConfigsException>(() => admin.AlterConfigsAsync(new() { [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = [new ConfigEntry { Name = "flush.messages", Value = "-3" }] }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(ex.Results).Error.Code);
        Assert.Equal("5", (await DescribeAsync(admin, topic))["flush.messages"].Value);
    }

    [Fact]
    public async Task Concurrent_changes_to_one_topic_are_all_kept()
    {
        const string topic = "altered-concurrently";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        var names = new[] { "retention.ms", "segment.ms", "flush.messages", "flush.ms", "segment.bytes", "index.interval.bytes" };
        await Task.WhenAll(names.Select(name => Task.Run(async () =>
        {
            using var admin = KafkaClients.Admin(fixture.BootstrapServers);
            await admin.IncrementalAlterConfigsAsync(Changes(topic, (name, AlterConfigOpType.Set, "4096000")));
        })));

        using var reader = KafkaClients.Admin(fixture.BootstrapServers);
        var entries = await DescribeAsync(reader, topic);
        Assert.All(names, n => Assert.Equal(("4096000", ConfigSource.DynamicTopicConfig), (entries[n].Value, entries[n].Source)));
    }

    [Fact]
    public async Task A_change_that_cannot_be_written_answers_KafkaStorageError_and_changes_nothing()
    {
        const string topic = "altered-unwritable";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);

        // A directory where the metadata's temporary file goes makes the write fail.
        var blocker = Path.Combine(fixture.Broker.DataDirectory, "meta", "topics", topic + ".json.tmp");
        Directory.CreateDirectory(blocker);
        try
        {
            using var admin = KafkaClients.Admin(fixture.BootstrapServers);
            var error = await AlterFailsAsync(admin, Changes(topic, ("retention.ms", AlterConfigOpType.Set, "1000")));
            Assert.Equal(ErrorCode.KafkaStorageError, error.Code);
            Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live));
            Assert.Empty(live.Configs);
            Assert.Equal(604_800_000, live.Partitions[0].Config.RetentionMs);
        }
        finally
        {
            Directory.Delete(blocker);
        }
    }

    [Fact]
    public async Task Changes_survive_a_broker_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "stormline-configs-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = data }))
            {
                using var admin = KafkaClients.Admin(broker.BootstrapServers);
                await admin.CreateTopicsAsync([new TopicSpecification { Name = "restarted", NumPartitions = 2, ReplicationFactor = 1, Configs = new() { ["segment.ms"] = "3600000" } }]);
                await admin.IncrementalAlterConfigsAsync(Changes("restarted", ("retention.ms", AlterConfigOpType.Set, "7200000"), ("segment.ms", AlterConfigOpType.Delete, null), ("max.message.bytes", AlterConfigOpType.Set, "50000")));
            }

            await using (var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = data }))
            {
                using var admin = KafkaClients.Admin(broker.BootstrapServers);
                var entries = await DescribeAsync(admin, "restarted");
                Assert.Equal(("7200000", ConfigSource.DynamicTopicConfig), (entries["retention.ms"].Value, entries["retention.ms"].Source));
                Assert.Equal(("50000", ConfigSource.DynamicTopicConfig), (entries["max.message.bytes"].Value, entries["max.message.bytes"].Source));
                Assert.Equal(ConfigSource.DefaultConfig, entries["segment.ms"].Source);

                Assert.True(broker.Context.Topics.TryGet("restarted", out var topic));
                Assert.All(topic.Partitions, p => Assert.Equal((7_200_000L, 50_000), (p.Config.RetentionMs, p.Config.MaxMessageBytes)));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Legacy_AlterConfigs_answers_every_advertised_version_on_the_wire(short version)
    {
        var topic = $"altered-wire-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.AlterConfigs, version, w =>
        {
            w.WriteArrayLength(2);
            w.WriteInt8(2);
            w.WriteString(topic);
            w.WriteArrayLength(2);
            w.WriteString("retention.ms");
            w.WriteString("5000");
            w.WriteString("segment.ms");
            w.WriteString(null);
            w.WriteInt8(2);
            w.WriteString("altered-wire-missing");
            w.WriteArrayLength(0);
            w.WriteBool(false);
        });

        Assert.Equal(0, response.ReadInt32());
        var results = response.ReadArray(r => ((BrokerError)r.ReadInt16(), r.ReadNullableString() is not null, r.ReadInt8(), r.ReadString()));
        Assert.Equal(0, response.Remaining);
        Assert.Equal([(BrokerError.None, false, (sbyte)2, topic), (BrokerError.UnknownTopicOrPartition, true, (sbyte)2, "altered-wire-missing")], results);
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live));
        Assert.Equal(new Dictionary<string, string> { ["retention.ms"] = "5000" }, live.Configs);
    }

    [Theory]
    [InlineData(7, "1000", BrokerError.InvalidRequest)]
    [InlineData(0, null, BrokerError.InvalidRequest)]
    [InlineData(2, null, BrokerError.InvalidRequest)]
    public async Task Unknown_operations_and_null_values_answer_InvalidRequest(sbyte operation, string? value, BrokerError expected)
    {
        var topic = $"altered-op-{operation}-{value is null}".ToLowerInvariant();
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        var (error, message) = await IncrementalOnTheWireAsync(topic, [("retention.ms", operation, value)]);
        Assert.Equal(expected, error);
        Assert.False(string.IsNullOrEmpty(message));
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live));
        Assert.Empty(live.Configs);
    }

    [Fact]
    public async Task A_key_named_twice_in_one_resource_answers_InvalidRequest()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "altered-twice", 1);
        var (error, _) = await IncrementalOnTheWireAsync("altered-twice", [("retention.ms", 0, "1000"), ("retention.ms", 1, null)]);
        Assert.Equal(BrokerError.InvalidRequest, error);
    }

    [Fact]
    public async Task Operations_apply_in_request_order()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "altered-in-order", 1);
        var (error, _) = await IncrementalOnTheWireAsync("altered-in-order", [("segment.ms", 0, "1000"), ("cleanup.policy", 2, "delete"), ("retention.ms", 1, null)]);
        Assert.Equal(BrokerError.None, error);
        Assert.True(fixture.Broker.Context.Topics.TryGet("altered-in-order", out var live));
        Assert.Equal(new Dictionary<string, string> { ["segment.ms"] = "1000", ["cleanup.policy"] = "delete" }, live.Configs);
    }

    private Task<(BrokerError Error, string? Message)> IncrementalOnTheWireAsync(string topic, (string Name, sbyte Operation, string? Value)[] changes) =>
        AdminWireClient.IncrementalAlterConfigsAsync(fixture.BootstrapServers, 2, topic, changes);

    private static Dictionary<ConfigResource, List<ConfigEntry>> Changes(string topic, params (string Name, AlterConfigOpType Operation, string? Value)[] changes) => new()
    {
        [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = changes.Select(c => new ConfigEntry { Name = c.Name, Value = c.Value, IncrementalOperation = c.Operation }).ToList(),
    };

    private static async Task<Dictionary<string, ConfigEntryResult>> DescribeAsync(IAdminClient admin, string topic) =>
        Assert.Single(await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }])).Entries;

    private static async Task<Error> AlterFailsAsync(IAdminClient admin, Dictionary<ConfigResource, List<ConfigEntry>> changes)
    {
        var ex = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(changes));
        return Assert.Single(ex.Results).Error;
    }
}
