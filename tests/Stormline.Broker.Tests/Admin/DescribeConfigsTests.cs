using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using BrokerError = Stormline.Broker.Protocol.ErrorCode;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Stormline.Broker.Tests.Admin;

public sealed class DescribeConfigsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly string[] TopicConfigNames =
    [
        "cleanup.policy", "compression.type", "delete.retention.ms", "flush.messages", "flush.ms", "index.interval.bytes",
        "max.message.bytes", "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas",
        "retention.bytes", "retention.ms", "segment.bytes", "segment.ms",
    ];

    [Fact]
    public async Task A_topic_lists_every_config_with_overrides_as_dynamic_and_the_rest_as_defaults()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "described", NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "123456", ["max.message.bytes"] = "2048" } }]);

        var entries = Assert.Single(await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = "described" }])).Entries;

        Assert.Equal(TopicConfigNames, entries.Keys.Order(StringComparer.Ordinal));
        var retention = entries["retention.ms"];
        Assert.Equal("123456", retention.Value);
        Assert.Equal(ConfigSource.DynamicTopicConfig, retention.Source);
        Assert.False(retention.IsDefault);
        Assert.False(retention.IsReadOnly);
        Assert.False(retention.IsSensitive);
        Assert.Equal(
            [("retention.ms", "123456", ConfigSource.DynamicTopicConfig), ("log.retention.ms", "604800000", ConfigSource.DefaultConfig)],
            retention.Synonyms.Select(s => (s.Name, s.Value, s.Source)));
        Assert.Equal(("2048", ConfigSource.DynamicTopicConfig), (entries["max.message.bytes"].Value, entries["max.message.bytes"].Source));

        var segment = entries["segment.bytes"];
        Assert.Equal("1073741824", segment.Value);
        Assert.Equal(ConfigSource.DefaultConfig, segment.Source);
        Assert.True(segment.IsDefault);
        Assert.Equal([("log.segment.bytes", "1073741824", ConfigSource.DefaultConfig)], segment.Synonyms.Select(s => (s.Name, s.Value, s.Source)));
        Assert.Equal("delete", entries["cleanup.policy"].Value);
        Assert.Equal("producer", entries["compression.type"].Value);
        Assert.Equal("CreateTime", entries["message.timestamp.type"].Value);
        Assert.Equal("9223372036854775807", entries["flush.ms"].Value);
    }

    [Fact]
    public async Task An_unknown_topic_answers_UnknownTopicOrPart_and_the_other_resources_still_answer()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "described-beside-unknown", 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var ex = await Assert.ThrowsAsync<DescribeConfigsException>(() => admin.DescribeConfigsAsync(
        [
            new ConfigResource { Type = ResourceType.Topic, Name = "not-described" },
            new ConfigResource { Type = ResourceType.Topic, Name = "described-beside-unknown" },
        ]));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, ex.Results[0].Error.Code);
        Assert.Equal(ErrorCode.NoError, ex.Results[1].Error.Code);
        Assert.Equal(TopicConfigNames.Length, ex.Results[1].Entries.Count);
    }

    [Fact]
    public async Task The_broker_lists_its_configs_under_Kafka_names_read_only_but_the_dynamic_ones()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var entries = Assert.Single(await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Broker, Name = "1" }])).Entries;

        foreach (var name in BrokerOptions.KafkaConfigNames.Keys)
        {
            Assert.True(entries.ContainsKey(name), $"{name} missing");
        }

        Assert.All(entries.Values, e => Assert.Equal(!DynamicBrokerConfigs.Names.Contains(e.Name), e.IsReadOnly));
        Assert.Contains("log.retention.ms", DynamicBrokerConfigs.Names);
        Assert.Equal(("1", ConfigSource.DefaultConfig), (entries["node.id"].Value, entries["node.id"].Source));
        Assert.Equal(("1048588", ConfigSource.DefaultConfig), (entries["message.max.bytes"].Value, entries["message.max.bytes"].Source));
        Assert.Equal(("true", ConfigSource.DefaultConfig), (entries["auto.create.topics.enable"].Value, entries["auto.create.topics.enable"].Source));
        Assert.Equal("168", entries["log.retention.hours"].Value);
        Assert.Equal("delete", entries["log.cleanup.policy"].Value);
        Assert.Equal(
            [("true", "15000", "0.5", "86400000", "0")],
            [(entries["log.cleaner.enable"].Value, entries["log.cleaner.backoff.ms"].Value, entries["log.cleaner.min.cleanable.ratio"].Value,
                entries["log.cleaner.delete.retention.ms"].Value, entries["log.cleaner.min.compaction.lag.ms"].Value)]);
        Assert.Equal($"PLAINTEXT://{fixture.BootstrapServers}", entries["advertised.listeners"].Value);
        Assert.Equal(ConfigSource.StaticBrokerConfig, entries["listeners"].Source);
        Assert.Equal(fixture.Broker.DataDirectory, entries["log.dirs"].Value);
    }

    [Fact]
    public async Task Every_broker_config_name_has_a_value()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var entries = Assert.Single(await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Broker, Name = "1" }])).Entries;

        // The coarser-unit aliases have no value when the setting is not a whole number of hours or minutes; the
        // defaults (7 days) are, so every name must have one here. A config added to BrokerOptions without a value
        // in BrokerConfigDescriber fails this test.
        Assert.All(entries.Values, e => Assert.False(e.Value is null, $"{e.Name} has no value"));
    }

    [Fact]
    public async Task Broker_options_set_by_the_operator_are_static_broker_configs_for_the_broker_and_its_topics()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, NodeId = 7, RetentionMs = 3_600_000, DefaultPartitions = 3 });
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "static-defaults", 1);

        var results = await admin.DescribeConfigsAsync(
        [
            new ConfigResource { Type = ResourceType.Topic, Name = "static-defaults" },
            new ConfigResource { Type = ResourceType.Broker, Name = "7" },
        ]);

        var retention = results[0].Entries["retention.ms"];
        Assert.Equal(("3600000", ConfigSource.StaticBrokerConfig, false), (retention.Value, retention.Source, retention.IsDefault));
        Assert.Equal([("log.retention.ms", "3600000", ConfigSource.StaticBrokerConfig)], retention.Synonyms.Select(s => (s.Name, s.Value, s.Source)));
        Assert.Equal(ConfigSource.DefaultConfig, results[0].Entries["segment.bytes"].Source);

        var brokerEntries = results[1].Entries;
        Assert.Equal(("3600000", ConfigSource.StaticBrokerConfig), (brokerEntries["log.retention.ms"].Value, brokerEntries["log.retention.ms"].Source));
        Assert.Equal(("1", ConfigSource.StaticBrokerConfig), (brokerEntries["log.retention.hours"].Value, brokerEntries["log.retention.hours"].Source));
        Assert.Equal(("3", ConfigSource.StaticBrokerConfig), (brokerEntries["num.partitions"].Value, brokerEntries["num.partitions"].Source));
        Assert.Equal(("7", ConfigSource.StaticBrokerConfig), (brokerEntries["node.id"].Value, brokerEntries["node.id"].Source));
        Assert.Equal(ConfigSource.DefaultConfig, brokerEntries["log.segment.bytes"].Source);
    }

    [Fact]
    public async Task Version_0_reports_is_default_and_no_synonyms()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "described-v0", 1);
        using (var admin = KafkaClients.Admin(fixture.BootstrapServers))
        {
            await admin.IncrementalAlterConfigsAsync(new() { [new ConfigResource { Type = ResourceType.Topic, Name = "described-v0" }] = [new ConfigEntry { Name = "segment.ms", Value = "60000", IncrementalOperation = AlterConfigOpType.Set }] });
        }

        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.DescribeConfigs, 0, w =>
        {
            w.WriteArrayLength(1);
            w.WriteInt8(2);
            w.WriteString("described-v0");
            w.WriteArrayLength(-1);
        });

        Assert.Equal(0, response.ReadInt32());
        var results = response.ReadArray(r => (
            Error: (BrokerError)r.ReadInt16(),
            Message: r.ReadNullableString(),
            Type: r.ReadInt8(),
            Name: r.ReadString(),
            Configs: r.ReadArray(c => (Name: c.ReadString(), Value: c.ReadNullableString(), ReadOnly: c.ReadBool(), IsDefault: c.ReadBool(), Sensitive: c.ReadBool()))));
        Assert.Equal(0, response.Remaining);

        var (error, message, type, name, configs) = Assert.Single(results);
        Assert.Equal((BrokerError.None, null, (sbyte)2, "described-v0"), (error, message, type, name));
        Assert.Equal(TopicConfigNames, configs.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("60000", false, false, false), configs.Where(c => c.Name == "segment.ms").Select(c => (c.Value, c.ReadOnly, c.IsDefault, c.Sensitive)).Single());
        Assert.All(configs.Where(c => c.Name != "segment.ms"), c => Assert.True(c.IsDefault, c.Name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_key_list_filters_and_unknown_keys_are_left_out(short version)
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, $"described-keys-v{version}", 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.DescribeConfigs, version, w =>
        {
            w.WriteArrayLength(2);
            w.WriteInt8(2);
            w.WriteString($"described-keys-v{version}");
            w.WriteArray(["retention.ms", "no.such.key", "segment.bytes"], (x, k) => x.WriteString(k));
            w.WriteInt8(4);
            w.WriteString("1");
            w.WriteArray(["num.partitions"], (x, k) => x.WriteString(k));
            if (version >= 1)
            {
                w.WriteBool(false);
            }
        });

        response.ReadInt32();
        var results = response.ReadArray(r =>
        {
            var error = (BrokerError)r.ReadInt16();
            r.ReadNullableString();
            r.ReadInt8();
            r.ReadString();
            var names = r.ReadArray(c =>
            {
                var configName = c.ReadString();
                c.ReadNullableString();
                c.ReadBool();
                if (version == 0)
                {
                    c.ReadBool();
                }
                else
                {
                    c.ReadInt8();
                }

                c.ReadBool();
                if (version >= 1)
                {
                    Assert.Empty(c.ReadArray(s => s.ReadString()));
                }

                return configName;
            });
            return (error, names);
        });
        Assert.Equal(0, response.Remaining);
        Assert.Equal(BrokerError.None, results[0].error);
        Assert.Equal(["retention.ms", "segment.bytes"], results[0].names.Order(StringComparer.Ordinal));
        Assert.Equal(["num.partitions"], results[1].names);
    }

    [Theory]
    [InlineData(4, "2", BrokerError.InvalidRequest)]
    [InlineData(4, "one", BrokerError.InvalidRequest)]
    [InlineData(8, "1", BrokerError.InvalidRequest)]
    [InlineData(99, "x", BrokerError.InvalidRequest)]
    [InlineData(2, "bad/name", BrokerError.InvalidTopicException)]
    [InlineData(2, "no-such-described-topic", BrokerError.UnknownTopicOrPartition)]
    public async Task Resources_that_cannot_be_described_get_an_error_and_a_message(sbyte type, string name, BrokerError expected)
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.DescribeConfigs, 1, w =>
        {
            w.WriteArrayLength(1);
            w.WriteInt8(type);
            w.WriteString(name);
            w.WriteArrayLength(-1);
            w.WriteBool(true);
        });

        response.ReadInt32();
        var (error, message, echoedType, echoedName, count) = Assert.Single(response.ReadArray(r => (
            (BrokerError)r.ReadInt16(), r.ReadNullableString(), r.ReadInt8(), r.ReadString(), r.ReadArrayLength())));
        Assert.Equal((expected, type, name, 0), (error, echoedType, echoedName, count));
        Assert.False(string.IsNullOrEmpty(message));
        Assert.Equal(0, response.Remaining);
    }

    [Fact]
    public async Task An_empty_broker_name_describes_the_cluster_wide_dynamic_defaults_of_which_there_are_none()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.DescribeConfigs, 1, w =>
        {
            w.WriteArrayLength(1);
            w.WriteInt8(4);
            w.WriteString(string.Empty);
            w.WriteArrayLength(-1);
            w.WriteBool(true);
        });

        response.ReadInt32();
        var (error, count) = Assert.Single(response.ReadArray(r => ((BrokerError)r.ReadInt16(), SkipTo(r))));
        Assert.Equal((BrokerError.None, 0), (error, count));
    }

    private static int SkipTo(KafkaReader r)
    {
        r.ReadNullableString();
        r.ReadInt8();
        r.ReadString();
        return r.ReadArrayLength();
    }
}
