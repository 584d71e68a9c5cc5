using Confluent.Kafka;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Fetch is the broker's hot path: the records the log returns go into the response frame as they are, copied once
/// by the writer, never through an intermediate array. Measured with the allocation counter of the current thread
/// (both the encoder and a whole in-process dispatch complete synchronously when data is there).
/// </summary>
public sealed class FetchAllocationTests(BrokerFixture fixture, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private const int Partitions = 100;

    [Fact]
    public void Encoding_a_response_allocates_nothing_per_record_byte()
    {
        var small = Allocated(1024, out var smallFrame);
        var large = Allocated(64 * 1024, out var largeFrame);
        output.WriteLine($"encode {Partitions} partitions: {small} B allocated at 1 KiB each, {large} B at 64 KiB each");

        Assert.Equal(small, large);
        Assert.True(large <= 1024, $"{large} B allocated to encode {Partitions} partitions");
        Assert.True(largeFrame - smallFrame >= Partitions * 63 * 1024, "the records are in the frame");
    }

    [Fact]
    public async Task A_whole_fetch_allocates_the_read_records_once_and_a_bounded_overhead()
    {
        const string topic = "fetch-allocation";
        const int partitions = 8;
        const int valueSize = 32 * 1024;
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, partitions);
        using (var producer = new ProducerBuilder<Null, byte[]>(KafkaClients.ProducerConfig(fixture.BootstrapServers)).Build())
        {
            for (var p = 0; p < partitions; p++)
            {
                await producer.ProduceAsync(new TopicPartition(topic, p), new Message<Null, byte[]> { Value = new byte[valueSize] });
            }
        }

        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var stored));
        var frame = RequestFrames.Build((short)ApiKey.Fetch, 16, 1, flexible: true, w => new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 1,
            Topics = [new FetchRequest.FetchTopic
            {
                TopicId = stored.Id,
                Partitions = Enumerable.Range(0, partitions).Select(p => new FetchRequest.FetchPartition { Partition = p, PartitionMaxBytes = 1024 * 1024 }).ToList(),
            }],
        }.Write(w, 16));

        var (warm, _) = Dispatch(frame);
        var (allocated, responseSize) = Dispatch(frame);
        var records = partitions * (long)valueSize;
        output.WriteLine($"fetch of {partitions} x {valueSize} B values: {allocated} B allocated (first call {warm} B), response {responseSize} B");

        Assert.True(responseSize > records);
        // The log reads each partition's batches into one array (the records' only allocation); the rest is per
        // partition and per request. A copy of the records anywhere in between would double the first term.
        Assert.True(allocated < records + (64 * 1024), $"{allocated} B allocated for {records} B of records");
    }

    private (long Allocated, int ResponseSize) Dispatch(byte[] frame)
    {
        using var response = new KafkaWriter(1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var pending = fixture.Broker.Dispatcher.DispatchAsync(frame.AsMemory(4), response, "allocation-test", CancellationToken.None);
        var after = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(pending.IsCompletedSuccessfully, "a fetch with data answers at once");
        Assert.Equal(DispatchOutcome.Respond, pending.Result);
        return (after - before, response.Length);
    }

    /// <summary>Bytes allocated while encoding <see cref="Partitions"/> partitions of <paramref name="recordBytes"/> each (after a warm-up, the least of five).</summary>
    private static long Allocated(int recordBytes, out int frameLength)
    {
        var log = new byte[Partitions * recordBytes];
        var response = new FetchResponse
        {
            Responses = [new FetchResponse.FetchableTopicResponse
            {
                TopicId = Guid.NewGuid(),
                Partitions = Enumerable.Range(0, Partitions).Select(p => new FetchResponse.PartitionData
                {
                    PartitionIndex = p,
                    HighWatermark = 10,
                    LastStableOffset = 10,
                    LogStartOffset = 0,
                    AbortedTransactions = null,
                    Records = log.AsMemory(p * recordBytes, recordBytes),
                }).ToList(),
            }],
        };
        using (var warmUp = new KafkaWriter(log.Length + (64 * 1024)))
        {
            response.Write(warmUp, 16);
        }

        // The least of several encodings: the runtime may allocate on this thread once in a while (a method compiled
        // at its next tier), while an allocation per record byte would show in every one of them.
        var allocated = long.MaxValue;
        frameLength = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var writer = new KafkaWriter(log.Length + (64 * 1024));
            var before = GC.GetAllocatedBytesForCurrentThread();
            response.Write(writer, 16);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            frameLength = writer.Length;
        }
        return allocated;
    }
}
