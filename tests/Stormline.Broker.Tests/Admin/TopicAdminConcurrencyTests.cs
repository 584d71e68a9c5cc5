using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Admin;

/// <summary>
/// Creating a topic of thousands of partitions takes seconds of file work (directories, segment and index files per
/// partition). Other topics' admin requests must not queue behind it: the seeded fuzz test saw CreateTopics,
/// DeleteTopics and AlterConfigs unanswered for seconds while a mutated CreateTopics opened 4,097 partitions.
/// </summary>
public sealed class TopicAdminConcurrencyTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-topic-admin-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Other_topics_are_created_changed_and_deleted_while_a_wide_topic_is_still_opening_its_partitions()
    {
        const int wide = 3_000;
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = _dataDirectory });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "narrow-existing", 1);
        using var slowAdmin = KafkaClients.Admin(broker.BootstrapServers);
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        var timeouts = new CreateTopicsOptions { RequestTimeout = TimeSpan.FromMinutes(3), OperationTimeout = TimeSpan.FromMinutes(3) };

        var creatingWide = slowAdmin.CreateTopicsAsync([new TopicSpecification { Name = "wide", NumPartitions = wide, ReplicationFactor = 1 }], timeouts);
        await Eventually.Until(() => Directory.Exists(Path.Combine(_dataDirectory, "wide-0")), TimeSpan.FromSeconds(30), () => "the wide topic's first partition directory");

        // A second create of the name being created is refused at once, as for an existing topic.
        var twice = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync([new TopicSpecification { Name = "wide", NumPartitions = 1, ReplicationFactor = 1 }], timeouts));
        Assert.Equal(ErrorCode.TopicAlreadyExists, Assert.Single(twice.Results).Error.Code);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "narrow-new", NumPartitions = 2, ReplicationFactor = 1 }], timeouts);
        var retention = new ConfigEntry { Name = "retention.ms", Value = "3600000", IncrementalOperation = AlterConfigOpType.Set };
        await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>> { [new ConfigResource { Type = ResourceType.Topic, Name = "narrow-existing" }] = [retention] });
        await admin.DeleteTopicsAsync(["narrow-existing"]);

        Assert.False(creatingWide.IsCompleted, "the wide topic finished opening before the other topics' requests were answered; raise its partition count");
        await creatingWide;
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic);
        Assert.Equal(wide, topics["wide"].Partitions.Count);
        Assert.Equal(2, topics["narrow-new"].Partitions.Count);
        Assert.False(topics.ContainsKey("narrow-existing"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
