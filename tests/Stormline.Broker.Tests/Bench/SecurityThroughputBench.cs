using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Crash;
using Stormline.Broker.Tests.Security;

namespace Stormline.Broker.Tests.Bench;

/// <summary>
/// What SASL_SSL costs: produce throughput (acks=all, idempotent, 100 B values, the settings of
/// <see cref="ProduceThroughputBench"/>) against one broker process with a PLAINTEXT and a SASL_SSL (SCRAM-SHA-512,
/// TLS with a throwaway CA) listener, measured in the same run, plaintext first. Skipped unless
/// STORMLINE_BENCH_SECURITY=1; run by <c>bench/security.sh</c> (STORMLINE_BENCH_MESSAGES, _PARTITIONS).
/// </summary>
[Trait("Category", "Bench")]
public sealed class SecurityThroughputBench
{
    public static bool Enabled => Environment.GetEnvironmentVariable("STORMLINE_BENCH_SECURITY") == "1";

    [Fact(Skip = "benchmarks run only through bench/security.sh (STORMLINE_BENCH_SECURITY=1)", SkipUnless = nameof(Enabled), Timeout = 900_000)]
    public async Task Produce_100_byte_records_over_PLAINTEXT_and_SASL_SSL()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var messages = ProduceThroughputBench.Messages;
        var partitions = ProduceThroughputBench.Partitions;
        using var certificates = new TestCertificates();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-bench-" + Guid.NewGuid().ToString("N"));
        var properties = Path.Combine(certificates.Folder, "server.properties");
        try
        {
            using var broker = new BrokerProcess(dataDirectory) { ConfigFile = properties };
            var securePort = BrokerProcess.FreePort();
            await File.WriteAllTextAsync(properties, new StringBuilder()
                .AppendLine($"listeners=PLAIN://127.0.0.1:{broker.Port},SECURE://127.0.0.1:{securePort}")
                .AppendLine("listener.security.protocol.map=PLAIN:PLAINTEXT,SECURE:SASL_SSL")
                .AppendLine("listener.name.secure.sasl.enabled.mechanisms=SCRAM-SHA-512")
                .AppendLine("ssl.keystore.type=PEM")
                .AppendLine("ssl.keystore.location=" + certificates.ServerKeystorePath)
                .ToString());
            await broker.StartAsync();
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = "bench", NumPartitions = partitions, ReplicationFactor = 1 }]);
                await SaslClients.UpsertScramAsync(admin, "bench", "bench-secret", ScramMechanism.ScramSha512);
            }

            var secureConfig = new ProducerConfig { BootstrapServers = $"127.0.0.1:{securePort}", SslCaLocation = certificates.CaPath };
            foreach (var (name, value) in SaslClients.Settings("SCRAM-SHA-512", "bench", "bench-secret", "SASL_SSL"))
            {
                secureConfig.Set(name, value);
            }

            // The listeners alternate (PLAINTEXT, SASL_SSL, SASL_SSL, PLAINTEXT) so that warm-up and a drifting machine
            // weigh on both alike; a single pair in a fixed order favoured whichever ran second.
            output.WriteLine($"{messages:N0} x 100 B per round, {partitions} partition(s), acks=all, idempotent, one broker process, both listeners");
            var totals = new Dictionary<string, (double Seconds, double Cpu)> { ["PLAINTEXT"] = (0, 0), ["SASL_SSL"] = (0, 0) };
            foreach (var listener in new[] { "PLAINTEXT", "SASL_SSL", "SASL_SSL", "PLAINTEXT" })
            {
                var config = listener == "PLAINTEXT" ? new ProducerConfig { BootstrapServers = broker.BootstrapServers } : secureConfig;
                var cpuBefore = broker.ProcessorTime;
                var round = ProduceThroughputBench.Run(config, messages, partitions);
                var brokerCpu = broker.ProcessorTime - cpuBefore;
                Assert.Equal(0, round.Failed);
                output.WriteLine($"{listener}: {round.PerSecond:N0} msg/s, {round.Elapsed.TotalSeconds:F2} s; CPU: client {round.ClientCpu.TotalSeconds:F2} s + broker {brokerCpu.TotalSeconds:F2} s = {messages / (round.ClientCpu + brokerCpu).TotalSeconds:N0} msg per CPU-second");
                var (seconds, cpu) = totals[listener];
                totals[listener] = (seconds + round.Elapsed.TotalSeconds, cpu + (round.ClientCpu + brokerCpu).TotalSeconds);
            }

            var (plainSeconds, plainCpu) = totals["PLAINTEXT"];
            var (secureSeconds, secureCpu) = totals["SASL_SSL"];
            output.WriteLine($"both rounds: PLAINTEXT {2 * messages / plainSeconds:N0} msg/s, {2 * messages / plainCpu:N0} msg per CPU-second; SASL_SSL {2 * messages / secureSeconds:N0} msg/s, {2 * messages / secureCpu:N0} msg per CPU-second");
            output.WriteLine($"ratio SASL_SSL / PLAINTEXT: {plainSeconds / secureSeconds:F2} by wall time, {plainCpu / secureCpu:F2} by CPU");
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
