using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Handlers;
using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Infrastructure;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Stormline.Broker.Tests.Admin;

/// <summary>
/// DeleteRecords (key 21) is not implemented: moving the log start offset into a segment needs a persisted log start
/// offset in the partition log, which is being rewritten. Until then the key is not advertised and librdkafka says so
/// itself, without sending anything.
/// </summary>
public sealed class DeleteRecordsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task DeleteRecords_is_not_advertised_and_the_client_reports_an_unsupported_feature()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "records-kept", 1);
        using (var producer = KafkaClients.Producer(fixture.BootstrapServers))
        {
            await producer.ProduceAsync("records-kept", new Message<string, string> { Key = "k", Value = "v" });
        }

        Assert.Null(new ApiTable(fixture.Broker.Context).Find(ApiKey.DeleteRecords));
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var ex = await Assert.ThrowsAnyAsync<KafkaException>(() => admin.DeleteRecordsAsync(
            [new TopicPartitionOffset("records-kept", 0, 1)],
            new DeleteRecordsOptions { RequestTimeout = TimeSpan.FromSeconds(10) }));
        Assert.Equal(ErrorCode.Local_UnsupportedFeature, ex is DeleteRecordsException records ? Assert.Single(records.Results).Error.Code : ex.Error.Code);
        Assert.True(fixture.Broker.Context.Topics.TryGet("records-kept", out var topic));
        Assert.Equal(0, topic.Partitions[0].LogStartOffset);
    }
}
