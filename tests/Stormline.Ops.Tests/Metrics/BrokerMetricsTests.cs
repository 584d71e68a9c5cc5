using Confluent.Kafka;
using Stormline.Broker.Server;

namespace Stormline.Ops.Tests.Metrics;

[Collection(OpsHostCollection.Name)]
public sealed class BrokerMetricsTests
{
    [Fact]
    public async Task Embedded_broker_exports_requests_bytes_connections_log_size_flushes_and_disk()
    {
        // A broker of its own with flush.messages=1, so every produce is flushed and the flush histogram has samples.
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, FlushIntervalMessages = 1 });
        await using var host = await OpsHost.StartAsync(broker.BootstrapServers);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                await producer.ProduceAsync("broker-metrics", new Message<string, string> { Key = "k", Value = new string('x', 100) });
            }
        }

        var samples = ExpositionSample.Parse(await host.ScrapeAsync());

        double Sum(string name, Func<ExpositionSample, bool>? where = null) => samples.Where(s => s.Name == name && (where?.Invoke(s) ?? true)).Sum(s => s.Value);
        Assert.True(Sum("stormline_broker_requests_total", s => s.Labels["api_key"] == "Produce") >= 5);
        Assert.True(Sum("stormline_broker_request_duration_seconds_count", s => s.Labels["api_key"] == "Produce") >= 5);
        Assert.Contains(samples, s => s.Name == "stormline_broker_request_duration_seconds_bucket" && s.Labels["api_key"] == "Metadata" && s.Labels["le"] == "+Inf");
        Assert.True(Sum("stormline_broker_network_received_bytes_total") > 500);
        Assert.True(Sum("stormline_broker_network_sent_bytes_total") > 0);
        Assert.True(Sum("stormline_broker_log_size_bytes", s => s.Labels["topic"] == "broker-metrics" && s.Labels["partition"] == "0") > 500);
        Assert.True(Sum("stormline_broker_log_flush_duration_seconds_count") >= 5);
        var free = Sum("stormline_broker_disk_free_bytes", s => s.Labels["path"] == broker.DataDirectory);
        var total = Sum("stormline_broker_disk_total_bytes", s => s.Labels["path"] == broker.DataDirectory);
        Assert.InRange(free, 1, total);
        Assert.Contains(samples, s => s.Name == "stormline_broker_connections");
    }
}
