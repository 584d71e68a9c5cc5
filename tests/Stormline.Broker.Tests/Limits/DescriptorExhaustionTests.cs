using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Crash;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Limits;

/// <summary>
/// A broker process run out of file descriptors (its RLIMIT_NOFILE lowered, then clients until its table is full): a
/// new client is accepted and closed instead of left hanging, the produce that needs a new segment is answered
/// KAFKA_STORAGE_ERROR, open connections keep working, and all is well again once descriptors are available.
/// </summary>
public sealed class DescriptorExhaustionTests : IDisposable
{
    private const string Topic = "rolls-every-batch";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-descriptors-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Out_of_descriptors_a_produce_needing_a_segment_gets_KAFKA_STORAGE_ERROR_a_new_client_is_closed_and_open_connections_are_served()
    {
        using var broker = new BrokerProcess(_dataDirectory);
        await broker.StartAsync();
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        // Batches larger than a segment: every produce after the first opens a new segment (three files).
        await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["segment.bytes"] = "1024" } }]);
        var config = KafkaClients.ProducerConfig(broker.BootstrapServers, idempotent: false);
        config.MessageSendMaxRetries = 0;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var value = new string('v', 2_000);
        Assert.Equal(0, (await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = value })).Offset.Value);
        Assert.Equal(1, (await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = value })).Offset.Value);
        using var open = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(open, 1);

        // A limit a few above the highest descriptor in use, then clients until every free number is taken: the
        // broker's descriptor table fills as it does when it meets its limit for real.
        var pid = DescriptorLimit.ProcessWith("broker", "--port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (soft, hard) = DescriptorLimit.Get(pid);
        DescriptorLimit.Set(pid, DescriptorLimit.Highest(pid) + 4, hard);
        var clients = new List<RawConnection>();
        try
        {
            RawConnection? refused = null;
            for (var i = 0; i < 1_000 && refused is null; i++)
            {
                var client = await RawConnection.ConnectAsync(broker.Port);
                await client.SendAsync(RequestFrames.ApiVersions(3, 100 + i));
                var answer = await client.ReceiveAsync(Patience);
                if (answer is null)
                {
                    refused = client;
                }
                else
                {
                    Assert.Equal(100 + i, RequestFrames.CorrelationId(answer));
                }

                clients.Add(client);
            }

            Assert.True(refused is not null, $"no client was refused:{Environment.NewLine}{broker.Output}");
            await FramingTests.AssertAnsweredAsync(open, 2);
            await FramingTests.AssertAnsweredAsync(clients[0], 3);

            var failed = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = value }));
            Assert.Equal(ErrorCode.KafkaStorageError, failed.Error.Code);
            await FramingTests.AssertAnsweredAsync(open, 4);
        }
        finally
        {
            DescriptorLimit.Set(pid, soft, hard);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        // Nothing of the refused append was kept, and the segment it could not open is tried again.
        Assert.Equal(2, (await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = value })).Offset.Value);
        using var later = await RawConnection.ConnectAsync(broker.Port);
        await later.SendAsync(RequestFrames.ApiVersions(3, 5));
        Assert.True(await later.ReceiveAsync(Patience) is not null, $"a client after the limit was raised was closed:{Environment.NewLine}{broker.Output}");
        await FramingTests.AssertAnsweredAsync(open, 6);
        Assert.Contains("out of file descriptors", broker.Output, StringComparison.Ordinal);
        Assert.Contains("KAFKA_STORAGE_ERROR", broker.Output, StringComparison.Ordinal);
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
