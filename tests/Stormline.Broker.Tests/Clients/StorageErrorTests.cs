using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Log;

namespace Stormline.Broker.Tests.Clients;

/// <summary>A failed fsync under flush.messages=1 reaches a Confluent.Kafka producer as KAFKA_STORAGE_ERROR, never as an acknowledgement.</summary>
public sealed class StorageErrorTests
{
    [Fact]
    public async Task A_producer_gets_KAFKA_STORAGE_ERROR_for_the_append_whose_fsync_failed_and_for_every_later_one()
    {
        const string topic = "failing-disk";
        var disk = new FaultyFileSystem();
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, LogFileSystem = disk });
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["flush.messages"] = "1" } }]);

        // No retries, so the broker's first answer is what the application sees.
        var config = KafkaClients.ProducerConfig(broker.BootstrapServers, idempotent: false);
        config.MessageSendMaxRetries = 0;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var first = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "durable" });
        Assert.Equal(0, first.Offset.Value);

        disk.Failing = true;
        var failed = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "lost" }));
        Assert.Equal(ErrorCode.KafkaStorageError, failed.Error.Code);

        disk.Failing = false;
        var after = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "after" }));
        Assert.Equal(ErrorCode.KafkaStorageError, after.Error.Code);
    }
}
