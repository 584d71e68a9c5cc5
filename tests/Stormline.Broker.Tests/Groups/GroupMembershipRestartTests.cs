using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>
/// A Stable group's generation survives a broker restart, as Kafka's GroupMetadata does: members go on heartbeating
/// with their ids, generation and assignment instead of all rejoining; a group that emptied comes back empty.
/// </summary>
public sealed class GroupMembershipRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-membership-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_member_goes_on_in_its_generation_after_a_restart_and_expires_if_it_stays_silent()
    {
        const string group = "restart-stable";
        string memberId;
        await using (var broker = await StartBrokerAsync())
        {
            using var client = await RawKafkaClient.ConnectAsync(broker.BootstrapServers);
            var first = await client.JoinGroupAsync(4, group, sessionTimeoutMs: 2_000);
            var joined = await client.JoinGroupAsync(4, group, first.MemberId, sessionTimeoutMs: 2_000);
            memberId = joined.MemberId;
            Assert.Equal(ErrorCode.None, (await client.SyncGroupAsync(3, group, 1, memberId, [(memberId, [7, 8, 9])])).Error);
        }

        await using (var broker = await StartBrokerAsync())
        {
            using var client = await RawKafkaClient.ConnectAsync(broker.BootstrapServers);
            Assert.Equal(ErrorCode.None, await client.HeartbeatAsync(3, group, 1, memberId));
            var synced = await client.SyncGroupAsync(3, group, 1, memberId);
            Assert.Equal(ErrorCode.None, synced.Error);
            Assert.Equal([7, 8, 9], synced.Assignment);
            var described = Assert.Single(await client.DescribeGroupsAsync(0, group));
            Assert.Equal("Stable", described.State);
            Assert.Equal("range", described.ProtocolData);
            Assert.Equal(memberId, Assert.Single(described.Members).MemberId);

            // Silent past its session timeout, the restored member is removed like any other, and the group empties.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            string state;
            while ((state = (await client.DescribeGroupsAsync(0, group))[0].State) != "Empty" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal("Empty", state);
            Assert.Equal(ErrorCode.UnknownMemberId, await client.HeartbeatAsync(3, group, 1, memberId));
        }

        await using (var broker = await StartBrokerAsync())
        {
            using var client = await RawKafkaClient.ConnectAsync(broker.BootstrapServers);
            Assert.Equal(ErrorCode.UnknownMemberId, await client.HeartbeatAsync(3, group, 1, memberId));
        }
    }

    [Fact]
    public async Task Consumers_keep_their_partitions_across_a_broker_restart_without_a_rebalance()
    {
        const string topic = "restart-partitions";
        const string group = "restart-consumers";
        int port;
        PolledConsumer a;
        PolledConsumer b;
        await using (var broker = await StartBrokerAsync())
        {
            port = broker.Port;
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 4);
            var configs = new ConsumerConfigBuilder(broker.BootstrapServers, group);
            a = new PolledConsumer(configs.Build(sessionTimeoutMs: 6_000, clientId: "member-a"), topic);
            b = new PolledConsumer(configs.Build(sessionTimeoutMs: 6_000, clientId: "member-b"), topic);
            await Eventually.Until(() => a.Partitions.Count == 2 && b.Partitions.Count == 2, TimeSpan.FromSeconds(30), () => $"a [{string.Join(",", a.Partitions)}], b [{string.Join(",", b.Partitions)}]");
        }

        using (a)
        using (b)
        {
            var before = (A: a.Partitions, B: b.Partitions, ChangesA: a.AssignmentChanges, ChangesB: b.AssignmentChanges);
            await using var broker = await StartBrokerAsync(port);
            await KafkaClients.ProduceAsync(broker.BootstrapServers, topic, partitions: 4, perPartition: 5);
            await Eventually.Until(() => a.Received.Count + b.Received.Count == 20, TimeSpan.FromSeconds(30), () => $"{a.Received.Count + b.Received.Count} of 20 records");

            // Several session timeouts' worth of heartbeats after the restart: still the same generation.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(before.A, a.Partitions);
            Assert.Equal(before.B, b.Partitions);
            Assert.Equal(before.ChangesA, a.AssignmentChanges);
            Assert.Equal(before.ChangesB, b.AssignmentChanges);
            Assert.All(a.Received, r => Assert.Contains(r.Partition.Value, before.A));
        }
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

    private Task<KafkaBroker> StartBrokerAsync(int port = 0) => KafkaBroker.StartAsync(new BrokerOptions
    {
        Port = port,
        DataDirectory = _dataDirectory,
        GroupMinSessionTimeoutMs = GroupBrokerFixture.MinSessionTimeoutMs,
    });
}
