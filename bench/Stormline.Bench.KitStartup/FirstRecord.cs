using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Stormline.Testing;

namespace Stormline.Bench.KitStartup;

/// <summary>The three ways a test gets to its first acknowledged record, each timed in milliseconds.</summary>
internal static class FirstRecord
{
    public static async Task<double> InProcessAsync()
    {
        var clock = Stopwatch.StartNew();
        var options = new StormlineKafkaOptions { UseEnvironment = false };
        options.Topics.Add(new TopicSpec("orders", 1));
        await using var kafka = await StormlineKafka.StartAsync(options);
        await ProduceOneAsync(kafka.BootstrapServers, "orders");
        return clock.Elapsed.TotalMilliseconds;
    }

    public static async Task<double> SharedKitClassAsync(int tests)
    {
        var clock = Stopwatch.StartNew();
        await using var kafka = await StormlineKafka.StartAsync(new StormlineKafkaOptions { UseEnvironment = false });
        var started = clock.Elapsed;
        TimeSpan create = default, produce = default, consume = default;
        for (var i = 0; i < tests; i++)
        {
            var topic = $"test{i}-orders";
            var step = Stopwatch.StartNew();
            await kafka.CreateTopicsAsync([new TopicSpec(topic, 1)]);
            create += step.Elapsed;
            step.Restart();
            await kafka.ProduceAsync(topic, "k", "v");
            produce += step.Elapsed;
            step.Restart();
            ConsumeOne(kafka.BootstrapServers, topic);
            consume += step.Elapsed;
        }

        Console.Write($" [start {started.TotalMilliseconds:0} ms; per test: create topic {create.TotalMilliseconds / tests:0} ms, produce {produce.TotalMilliseconds / tests:0} ms, consume one {consume.TotalMilliseconds / tests:0} ms]");
        return clock.Elapsed.TotalMilliseconds;
    }

    public static async Task<double> BrokerProcessAsync(string cliDll)
    {
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("stormline-kit-bench-");
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cliDll, "broker", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data.FullName })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitForPortAsync(port, TimeSpan.FromSeconds(30));
            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{port}" }).Build())
            {
                await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = "orders", NumPartitions = 1, ReplicationFactor = 1 }]);
            }

            await ProduceOneAsync($"127.0.0.1:{port}", "orders");
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            data.Delete(recursive: true);
        }
    }

    private static async Task ProduceOneAsync(string bootstrap, string topic)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 0 }).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "first" });
    }

    /// <summary>Reads the record back through an assigned consumer (no group join: that is the code under test's cost, not the kit's).</summary>
    private static void ConsumeOne(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench", EnableAutoCommit = false, FetchWaitMaxMs = 10 }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0)); // an explicit offset: Beginning would wait for librdkafka's offset-query timer
        var deadline = Stopwatch.StartNew();
        while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { Message: not null })
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"{topic}: the record did not come back");
            }
        }

        consumer.Close();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(5);
            }
        }
    }
}
