using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using BrokerError = Stormline.Broker.Protocol.ErrorCode;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Stormline.Broker.Tests.Admin;

/// <summary>
/// DeleteRecords (key 21) through Confluent.Kafka's AdminClient: the log start offset moves inside a segment,
/// survives a restart, is what ListOffsets earliest answers, and a fetch below it is out of range.
/// </summary>
public sealed class DeleteRecordsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-delete-records-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_log_start_offset_moves_survives_a_restart_and_fetches_below_it_are_out_of_range()
    {
        const string topic = "records-deleted";
        await using (var broker = await StartBrokerAsync())
        {
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 2);
            await KafkaClients.ProduceAsync(broker.BootstrapServers, topic, partitions: 2, perPartition: 10);
            using var admin = KafkaClients.Admin(broker.BootstrapServers);

            var deleted = await admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 4), new TopicPartitionOffset(topic, 1, Offset.End)]);
            Assert.Equal([4L, 10L], deleted.OrderBy(d => d.Partition.Value).Select(d => d.Offset.Value));

            // Asking for less than the current start changes nothing; past the high watermark is out of range.
            var again = await admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 2)]);
            Assert.Equal(4, Assert.Single(again).Offset.Value);
            var tooFar = await Assert.ThrowsAsync<DeleteRecordsException>(() => admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 11)]));
            Assert.Equal(ErrorCode.OffsetOutOfRange, Assert.Single(tooFar.Results).Error.Code);
        }

        await using (var broker = await StartBrokerAsync())
        {
            using var consumer = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(broker.BootstrapServers, "after-delete")).Build();
            Assert.Equal(4, consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).Low.Value);
            Assert.Equal(10, consumer.QueryWatermarkOffsets(new TopicPartition(topic, 1), TimeSpan.FromSeconds(10)).Low.Value);

            // From the beginning: the first record read is the new log start.
            consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
            var first = consumer.Consume(TimeSpan.FromSeconds(10));
            Assert.Equal(4, first.Offset.Value);

            // Below it the fetch answers OFFSET_OUT_OF_RANGE, which a consumer without auto reset reports.
            var strict = KafkaClients.ConsumerConfig(broker.BootstrapServers, "strict");
            strict.AutoOffsetReset = AutoOffsetReset.Error;
            using var below = new ConsumerBuilder<string, string>(strict).Build();
            below.Assign(new TopicPartitionOffset(topic, 0, 3));
            var error = Assert.Throws<ConsumeException>(() => below.Consume(TimeSpan.FromSeconds(10)));
            Assert.Equal(ErrorCode.Local_AutoOffsetReset, error.Error.Code);
        }
    }

    [Theory]
    [InlineData((short)0)]
    [InlineData((short)1)]
    [InlineData((short)2)]
    public async Task Every_advertised_version_answers_on_the_wire(short version)
    {
        var topic = $"records-deleted-v{version}";
        await using var broker = await StartBrokerAsync();
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        await KafkaClients.ProduceAsync(broker.BootstrapServers, topic, partitions: 1, perPartition: 5);

        var flexible = version >= 2;
        await using var wire = await AdminWireClient.ConnectAsync(broker.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.DeleteRecords, version, w =>
        {
            w.WriteArray([topic, "never-created"], (tw, name) =>
            {
                tw.WriteString(name);
                tw.WriteArray([0], (pw, partition) =>
                {
                    pw.WriteInt32(partition);
                    pw.WriteInt64(3);
                    pw.WriteEmptyTaggedFields();
                });
                tw.WriteEmptyTaggedFields();
            });
            w.WriteInt32(1_000);
            w.WriteEmptyTaggedFields();
        }, flexible);

        Assert.Equal(0, response.ReadInt32());
        var results = response.ReadArray(r =>
        {
            var name = r.ReadString();
            var partition = Assert.Single(r.ReadArray(p =>
            {
                var result = (Index: p.ReadInt32(), LowWatermark: p.ReadInt64(), Error: (BrokerError)p.ReadInt16());
                p.SkipTaggedFields();
                return result;
            }));
            r.SkipTaggedFields();
            return (name, partition.Index, partition.LowWatermark, partition.Error);
        });
        response.SkipTaggedFields();
        Assert.Equal(0, response.Remaining);
        Assert.Equal([(topic, 0, 3L, BrokerError.None), ("never-created", 0, -1L, BrokerError.UnknownTopicOrPartition)], results);
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

    private Task<KafkaBroker> StartBrokerAsync() => KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = _dataDirectory });
}
