using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Broker.Groups;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>Committed offsets survive a broker restart and a SIGKILL of the broker process.</summary>
public sealed class CommittedOffsetsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-offsets-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Consumption_resumes_after_a_broker_restart_where_the_group_committed()
    {
        const string topic = "resume-after-restart";
        const string group = "resumers";
        await using (var broker = await StartBrokerAsync())
        {
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 2);
            await KafkaClients.ProduceAsync(broker.BootstrapServers, topic, partitions: 2, perPartition: 10);

            using var consumer = new PolledConsumer(Config(broker, group), topic);
            await Eventually.Until(() => consumer.Received.Count == 20, TimeSpan.FromSeconds(20), () => $"{consumer.Received.Count} of 20 records");
            consumer.Commit([new TopicPartitionOffset(topic, 0, 4), new TopicPartitionOffset(topic, 1, 7)]);
            consumer.Close();
        }

        await using (var broker = await StartBrokerAsync())
        {
            using var consumer = new PolledConsumer(Config(broker, group), topic);
            await Eventually.Until(() => consumer.Received.Count == 6 + 3, TimeSpan.FromSeconds(20), () => $"{consumer.Received.Count} of 9 records");
            Assert.Equal(4, consumer.Received.Where(r => r.Partition == 0).Min(r => r.Offset.Value));
            Assert.Equal(7, consumer.Received.Where(r => r.Partition == 1).Min(r => r.Offset.Value));

            using var admin = KafkaClients.Admin(broker.BootstrapServers);
            var groups = await admin.ListConsumerGroupsAsync();
            Assert.Contains(groups.Valid, g => g.GroupId == group);
        }
    }

    [Fact]
    public async Task Offsets_acknowledged_before_the_broker_process_is_killed_are_there_after_it_restarts()
    {
        const string topic = "survives-sigkill";
        const string group = "sigkill-group";
        var (process, bootstrap) = await StartBrokerProcessAsync();
        try
        {
            await KafkaClients.CreateTopicAsync(bootstrap, topic, 2);
            var config = KafkaClients.ConsumerConfig(bootstrap, group);
            using var consumer = new ConsumerBuilder<string, string>(config).Build();
            consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, Offset.Beginning)]);
            consumer.Commit([new TopicPartitionOffset(topic, 0, 3), new TopicPartitionOffset(topic, 1, 5)]);
            consumer.Commit([new TopicPartitionOffset(topic, 0, 11)]);

            process.Kill();
            await process.WaitForExitAsync();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }

        await using var broker = await StartBrokerAsync();
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "unrelated", 1);
        using var client = await RawKafkaClient.ConnectAsync(broker.BootstrapServers);
        var fetched = await client.OffsetFetchAsync(5, group, [(topic, [0, 1])]);
        Assert.Equal([11L, 5L], fetched.Offsets.Select(o => o.Offset));
    }

    [Fact]
    public void The_offsets_log_keeps_every_whole_record_and_drops_a_torn_tail()
    {
        var store = new OffsetStore(_dataDirectory, NullLogger.Instance);
        store.Commit("g", [new PartitionOffset("t", 0, new CommittedOffset(10, 3, "meta", 1))]);
        store.Commit("g", [new PartitionOffset("t", 0, new CommittedOffset(12, 3, "", 2)), new PartitionOffset("t", 1, new CommittedOffset(5, -1, "x", 2))]);
        store.Commit("deleted", [new PartitionOffset("t", 0, new CommittedOffset(1, -1, "", 3))]);
        store.DeleteGroup("deleted");

        // No Dispose: the process "dies" here. Then a write cut short by the crash leaves half a record at the end.
        var path = Path.Combine(_dataDirectory, "meta", "consumer-offsets.log");
        using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Write([0, 0, 0, 40, 1, 2, 3, 4, 1, 0]);
        }

        using var reopened = new OffsetStore(_dataDirectory, NullLogger.Instance);
        Assert.Equal(["g"], reopened.GroupIds());
        Assert.Equal(new CommittedOffset(12, 3, "", 2), reopened.Get("g", "t", 0));
        Assert.Equal(new CommittedOffset(5, -1, "x", 2), reopened.Get("g", "t", 1));
        Assert.Null(reopened.Get("deleted", "t", 0));

        // Reopening compacted the log: the torn bytes are gone and new commits append cleanly after it.
        reopened.Commit("g", [new PartitionOffset("t", 2, new CommittedOffset(7, -1, null, 4))]);
        reopened.Dispose();
        using var third = new OffsetStore(_dataDirectory, NullLogger.Instance);
        Assert.Equal([0, 1, 2], third.GetAll("g").Select(o => o.Partition));
        store.Dispose();
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

    private Task<KafkaBroker> StartBrokerAsync() => KafkaBroker.StartAsync(new BrokerOptions
    {
        Port = 0,
        DataDirectory = _dataDirectory,
        GroupMinSessionTimeoutMs = GroupBrokerFixture.MinSessionTimeoutMs,
    });

    private static ConsumerConfig Config(KafkaBroker broker, string group) => new ConsumerConfigBuilder(broker.BootstrapServers, group).Build();

    /// <summary>Runs <c>stormline broker</c> as a separate process on a free port and waits until it listens.</summary>
    private async Task<(Process Process, string Bootstrap)> StartBrokerProcessAsync()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "stormline.dll"), "broker", "--port", "0", "--data-dir", _dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "bootstrap.servers=";
            var at = e.Data?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                listening.TrySetResult(e.Data![(at + marker.Length)..].Split(')', ' ')[0]);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bootstrap = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (process, bootstrap);
    }
}
