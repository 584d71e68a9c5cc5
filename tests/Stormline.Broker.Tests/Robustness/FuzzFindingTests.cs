using System.Buffers.Binary;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>Each bug the fuzzer found, pinned down as a plain request and the answer Kafka gives.</summary>
public sealed class FuzzFindingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(65_537)]
    [InlineData(int.MaxValue)]
    public async Task CreateTopics_with_a_huge_partition_count_is_refused_with_policy_violation(int partitions)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(CreateTopics("greedy", partitions));

        var response = await connection.ReceiveAsync(Patience);
        Assert.NotNull(response);
        var reader = new KafkaReader(response.AsMemory(4));
        Assert.Equal(1, reader.ReadArrayLength());
        Assert.Equal("greedy", reader.ReadString());
        Assert.Equal(ErrorCode.PolicyViolation, (ErrorCode)reader.ReadInt16());
        // The per-request cap (Kafka's) answers before the broker-wide one; both name the partition count.
        Assert.Contains("partitions", reader.ReadNullableString(), StringComparison.Ordinal);
        Assert.False(broker.Context.Topics.TryGet("greedy", out _));
        await FramingTests.AssertAnsweredAsync(connection, 2);
    }

    [Fact]
    public async Task The_partition_limit_counts_the_partitions_that_already_exist()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, MaxPartitions = 10 });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "first", 6);
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        var error = await Assert.ThrowsAsync<Confluent.Kafka.Admin.CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = "second", NumPartitions = 5, ReplicationFactor = 1 }]));
        Assert.Equal(Confluent.Kafka.ErrorCode.PolicyViolation, error.Results[0].Error.Code);
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "third", 4);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(int.MaxValue - 11)]
    [InlineData(int.MaxValue - 12)]
    public async Task A_record_batch_length_near_int_max_is_answered_with_corrupt_message(int batchLength)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "target", 1);
        var batch = TestRecordBatch.Create([("k", "v")]);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), batchLength);
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.Produce, 4, 3, flexible: false, w =>
        {
            w.WriteString(null);
            w.WriteInt16(-1);
            w.WriteInt32(1000);
            w.WriteArrayLength(1);
            w.WriteString("target");
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteBytes(batch);
        }));

        var response = await connection.ReceiveAsync(Patience);
        Assert.NotNull(response);
        var reader = new KafkaReader(response.AsMemory(4));
        reader.ReadArrayLength();
        reader.ReadString();
        reader.ReadArrayLength();
        reader.ReadInt32();
        Assert.Equal(ErrorCode.CorruptMessage, (ErrorCode)reader.ReadInt16());
        Assert.Equal(0, broker.Dispatcher.UnexpectedErrors);
    }

    private static byte[] CreateTopics(string name, int partitions) =>
        RequestFrames.Build((short)ApiKey.CreateTopics, 1, 1, flexible: false, w =>
        {
            w.WriteArrayLength(1);
            w.WriteString(name);
            w.WriteInt32(partitions);
            w.WriteInt16(1);
            w.WriteArrayLength(0);
            w.WriteArrayLength(0);
            w.WriteInt32(1000);
            w.WriteBool(false);
        });
}
