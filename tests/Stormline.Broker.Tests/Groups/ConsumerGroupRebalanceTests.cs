using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>Real librdkafka consumers in one group: partitions are shared, and move when members leave or die.</summary>
public sealed class ConsumerGroupRebalanceTests(GroupBrokerFixture fixture) : IClassFixture<GroupBrokerFixture>
{
    private static readonly TimeSpan RebalanceTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Three_consumers_share_six_partitions_and_take_over_from_members_that_leave_or_die()
    {
        const string topic = "rebalance-six";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 6);
        var configs = fixture.Consumer("rebalance-group");
        using var a = new PolledConsumer(configs.Build(sessionTimeoutMs: 3_000, clientId: "member-a"), topic);
        using var b = new PolledConsumer(configs.Build(sessionTimeoutMs: 3_000, clientId: "member-b"), topic);
        using var c = new PolledConsumer(configs.Build(sessionTimeoutMs: 3_000, clientId: "member-c"), topic);

        await Eventually.Until(
            () => SharesAll([a, b, c], 6) && new[] { a, b, c }.All(m => m.Partitions.Count == 2),
            RebalanceTimeout,
            () => Describe(a, b, c));

        // A clean shutdown sends LeaveGroup: the two others split its partitions.
        c.Close();
        await Eventually.Until(
            () => SharesAll([a, b], 6) && a.Partitions.Count == 3 && b.Partitions.Count == 3,
            RebalanceTimeout,
            () => Describe(a, b));

        // A member that just disappears (no LeaveGroup) is expired after its session timeout.
        var abandoned = DateTime.UtcNow;
        b.Abandon();
        await Eventually.Until(() => a.Partitions.Count == 6, RebalanceTimeout, () => Describe(a));
        var tookOver = DateTime.UtcNow - abandoned;
        Assert.True(tookOver >= TimeSpan.FromSeconds(2), $"partitions moved after {tookOver.TotalMilliseconds:0} ms, before the 3 s session timeout could expire");
    }

    [Fact]
    public async Task A_static_member_that_restarts_gets_its_partitions_back_without_disturbing_the_others()
    {
        const string topic = "static-four";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 4);
        var configs = fixture.Consumer("static-group");
        var a = new PolledConsumer(configs.Build(clientId: "static-a", groupInstanceId: "instance-a"), topic);
        using var b = new PolledConsumer(configs.Build(clientId: "static-b", groupInstanceId: "instance-b"), topic);
        await Eventually.Until(() => SharesAll([a, b], 4) && a.Partitions.Count == 2, RebalanceTimeout, () => Describe(a, b));
        var partitionsOfA = a.Partitions;
        var changesOfB = b.AssignmentChanges;

        // A static member does not send LeaveGroup on close (KIP-345); its restart takes its place back.
        a.Close();
        using var restarted = new PolledConsumer(configs.Build(clientId: "static-a", groupInstanceId: "instance-a"), topic);
        await Eventually.Until(() => restarted.Partitions.Count == 2, RebalanceTimeout, () => Describe(restarted, b));
        Assert.Equal(partitionsOfA, restarted.Partitions);
        await Task.Delay(1_000);
        Assert.Equal(changesOfB, b.AssignmentChanges);

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var described = (await admin.DescribeConsumerGroupsAsync(["static-group"])).ConsumerGroupDescriptions[0];
        Assert.Equal(["instance-a", "instance-b"], described.Members.Select(m => m.GroupInstanceId).Order());
    }

    private static bool SharesAll(PolledConsumer[] members, int partitions)
    {
        var all = members.SelectMany(m => m.Partitions).ToList();
        return all.Count == partitions && all.Distinct().Count() == partitions;
    }

    private static string Describe(params PolledConsumer[] members) =>
        string.Join("; ", members.Select((m, i) => $"member {i}: [{string.Join(",", m.Partitions)}]"));
}
