using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Record batch v2 headers and their CRC-32C, checked against batches written by a real client (librdkafka via
/// Confluent.Kafka) with every compression codec: the broker must accept exactly what Kafka accepts.
/// </summary>
public sealed class RecordBatchTests
{
    [Fact]
    public void Crc32c_matches_the_castagnoli_check_value()
    {
        // The standard check value of CRC-32C over "123456789" (RFC 3720, B.4); ComputeCrc starts at the attributes.
        var data = new byte[RecordBatch.AttributesOffset].Concat(Encoding.ASCII.GetBytes("123456789")).ToArray();
        Assert.Equal(0xE3069283u, RecordBatch.ComputeCrc(data));
    }

    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public async Task Batches_written_by_librdkafka_carry_a_valid_crc_that_covers_attributes_to_the_end(CompressionType compression)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        var topic = $"crc-{compression}".ToLowerInvariant();
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        using (var producer = KafkaClients.Producer(broker.BootstrapServers, c =>
        {
            c.CompressionType = compression;
            c.LingerMs = 50;
        }))
        {
            for (var i = 0; i < 200; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"k{i}", Value = new string('v', i), Headers = [new Header("h", [(byte)i])] });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var log = broker.Context.Topics.All.Single(t => t.Name == topic).Partitions[0];
        var stored = log.Read(0, int.MaxValue, minOneBatch: true)!;
        var batches = Split(stored);
        Assert.NotEmpty(batches);
        Assert.Equal(200, batches.Sum(b => RecordBatch.ReadHeader(b).RecordCount));
        var random = new Random(3);
        foreach (var batch in batches)
        {
            var header = RecordBatch.ReadHeader(batch);
            Assert.Equal(2, header.Magic);
            Assert.Equal((int)compression, header.CompressionCodec);
            Assert.True(header.HasProducerId, "the idempotent producer's id is in the batch");
            Assert.True(RecordBatch.HasValidCrc(batch));

            // The broker rewrites base offset and leader epoch: outside the CRC, so it stays valid.
            var moved = batch.ToArray();
            RecordBatch.AssignOffset(moved, 123_456_789, 7);
            Assert.True(RecordBatch.HasValidCrc(moved));
            Assert.Equal(123_456_789, RecordBatch.ReadHeader(moved).BaseOffset);

            // Any bit flipped from the attributes on breaks it.
            for (var i = 0; i < 20; i++)
            {
                var flipped = batch.ToArray();
                flipped[random.Next(RecordBatch.AttributesOffset, flipped.Length)] ^= (byte)(1 << random.Next(8));
                Assert.False(RecordBatch.HasValidCrc(flipped));
            }
        }
    }

    [Fact]
    public void A_batch_built_by_the_tests_reads_back_field_by_field()
    {
        var batch = TestRecordBatch.Create([("a", "1"), (null, "2"), ("c", null)], producerId: 42, producerEpoch: 3, baseSequence: 10, timestamp: 1_000);
        var header = RecordBatch.ReadHeader(batch);
        Assert.Equal(batch.Length, header.TotalSize);
        Assert.Equal(2, header.LastOffsetDelta);
        Assert.Equal(3, header.RecordCount);
        Assert.Equal(42, header.ProducerId);
        Assert.Equal(3, header.ProducerEpoch);
        Assert.Equal(12, header.LastSequence);
        Assert.Equal(1_000, header.MaxTimestamp);
        Assert.True(RecordBatch.HasValidCrc(batch));
    }

    [Theory]
    [InlineData(int.MaxValue, 10, 9)]
    [InlineData(int.MaxValue - 5, 0, int.MaxValue - 5)]
    public void The_last_sequence_wraps_at_int_max_as_kafka_does(int baseSequence, int lastOffsetDelta, int expected)
    {
        var header = new RecordBatch(0, 49, 0, 2, 0, 0, lastOffsetDelta, 0, 0, 1, 0, baseSequence, lastOffsetDelta + 1);
        Assert.Equal(expected, header.LastSequence);
    }

    [Theory]
    [InlineData(49, 61)]
    [InlineData(int.MaxValue - 12, int.MaxValue)]
    [InlineData(int.MaxValue - 11, int.MaxValue)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void The_total_size_saturates_instead_of_wrapping(int batchLength, int expected)
    {
        var header = new RecordBatch(0, batchLength, 0, 2, 0, 0, 0, 0, 0, -1, -1, -1, 1);
        Assert.Equal(expected, header.TotalSize);
    }

    private static List<byte[]> Split(byte[] log)
    {
        var batches = new List<byte[]>();
        for (var position = 0; position < log.Length;)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(log.AsSpan(position + 8)) + RecordBatch.LogOverhead;
            batches.Add(log.AsSpan(position, size).ToArray());
            position += size;
        }

        return batches;
    }
}
