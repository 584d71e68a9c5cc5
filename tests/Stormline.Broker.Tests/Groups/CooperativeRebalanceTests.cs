using System.Collections.Concurrent;
using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>
/// librdkafka's cooperative-sticky assignor (KIP-429) against the broker: the group protocol is the same JoinGroup and
/// SyncGroup as the eager one, but a rebalance takes two rounds and members keep the partitions they are not asked to
/// give up, so a member joining or leaving never stops the others' work.
/// </summary>
public sealed class CooperativeRebalanceTests(GroupBrokerFixture fixture) : IClassFixture<GroupBrokerFixture>
{
    private static readonly TimeSpan RebalanceTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Members_joining_and_leaving_move_only_the_partitions_that_change_owner()
    {
        const string topic = "cooperative-six";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 6);
        var configs = fixture.Consumer("cooperative-group");

        using var a = new CooperativeMember(configs.Build(clientId: "member-a"), topic);
        await Eventually.Until(() => a.Owned.Count == 6, RebalanceTimeout, () => Describe(a));

        // b joins: a gives up half its partitions and keeps the rest without a pause.
        using var b = new CooperativeMember(configs.Build(clientId: "member-b"), topic);
        await Eventually.Until(() => Shares([a, b], 6) && a.Owned.Count == 3 && b.Owned.Count == 3, RebalanceTimeout, () => Describe(a, b));
        Assert.Equal(3, a.Revoked.Count);
        Assert.Empty(b.Revoked);
        Assert.Empty(a.Revoked.Intersect(a.Owned));

        // c joins, then leaves: the partitions it took come back; what a and b kept was never revoked.
        var keptByA = a.Owned;
        var keptByB = b.Owned;
        var revokedBefore = (A: a.Revoked.Count, B: b.Revoked.Count);
        var c = new CooperativeMember(configs.Build(clientId: "member-c"), topic);
        await Eventually.Until(() => Shares([a, b, c], 6) && new[] { a, b, c }.All(m => m.Owned.Count == 2), RebalanceTimeout, () => Describe(a, b, c));
        Assert.Equal(1, a.Revoked.Count - revokedBefore.A);
        Assert.Equal(1, b.Revoked.Count - revokedBefore.B);
        // Each of a and b gave one partition to c and took nothing in exchange (xunit: Subset(superset, subset)).
        Assert.Subset(keptByA.ToHashSet(), a.Owned.ToHashSet());
        Assert.Subset(keptByB.ToHashSet(), b.Owned.ToHashSet());

        var stillOwned = (A: a.Owned, B: b.Owned);
        revokedBefore = (a.Revoked.Count, b.Revoked.Count);
        c.Dispose();
        await Eventually.Until(() => Shares([a, b], 6) && a.Owned.Count == 3 && b.Owned.Count == 3, RebalanceTimeout, () => Describe(a, b));
        Assert.Equal(revokedBefore.A, a.Revoked.Count);
        Assert.Equal(revokedBefore.B, b.Revoked.Count);
        Assert.Subset(a.Owned.ToHashSet(), stillOwned.A.ToHashSet());
        Assert.Subset(b.Owned.ToHashSet(), stillOwned.B.ToHashSet());

        // The group as the admin API sees it: two members, the cooperative protocol chosen.
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var described = (await admin.DescribeConsumerGroupsAsync(["cooperative-group"])).ConsumerGroupDescriptions[0];
        Assert.Equal(2, described.Members.Count);
        Assert.Equal("cooperative-sticky", described.PartitionAssignor);
    }

    [Fact]
    public async Task Records_are_consumed_once_across_a_cooperative_rebalance_with_commits()
    {
        const string topic = "cooperative-commits";
        const int partitions = 4;
        const int perPartition = 50;
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, partitions);
        await KafkaClients.ProduceAsync(fixture.BootstrapServers, topic, partitions, perPartition);
        var configs = fixture.Consumer("cooperative-commit-group");

        using var a = new CooperativeMember(configs.Build(clientId: "member-a"), topic, commitEach: true);
        await Eventually.Until(() => a.Values.Count == partitions * perPartition, RebalanceTimeout, () => $"a read {a.Values.Count}");
        using var b = new CooperativeMember(configs.Build(clientId: "member-b"), topic, commitEach: true);
        await Eventually.Until(() => Shares([a, b], partitions) && b.Owned.Count == partitions / 2, RebalanceTimeout, () => Describe(a, b));

        // Records written after the rebalance go to their partition's new owner; nothing committed is read again.
        await KafkaClients.ProduceAsync(fixture.BootstrapServers, topic, partitions, perPartition);
        await Eventually.Until(
            () => a.Values.Count + b.Values.Count >= 2 * partitions * perPartition,
            RebalanceTimeout,
            () => $"a read {a.Values.Count}, b read {b.Values.Count}");

        var all = a.Values.Concat(b.Values).ToList();
        Assert.Equal(2 * partitions * perPartition, all.Distinct().Count());
        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Equal(partitions / 2 * perPartition, b.Values.Count);
    }

    private static bool Shares(CooperativeMember[] members, int partitions)
    {
        var all = members.SelectMany(m => m.Owned).ToList();
        return all.Count == partitions && all.Distinct().Count() == partitions;
    }

    private static string Describe(params CooperativeMember[] members) =>
        string.Join("; ", members.Select((m, i) => $"member {i}: owns [{string.Join(",", m.Owned)}], revoked {m.Revoked.Count}"));

    /// <summary>
    /// A member with the cooperative-sticky assignor that records every incremental assign and revoke, and each record
    /// it reads as partition@offset.
    /// </summary>
    private sealed class CooperativeMember : IDisposable
    {
        private readonly IConsumer<string, string> _consumer;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly ConcurrentDictionary<int, bool> _owned = new();
        private readonly ConcurrentQueue<int> _revoked = new();
        private readonly ConcurrentQueue<string> _values = new();
        private readonly bool _commitEach;

        public CooperativeMember(ConsumerConfig config, string topic, bool commitEach = false)
        {
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
            _commitEach = commitEach;
            _consumer = new ConsumerBuilder<string, string>(config)
                .SetPartitionsAssignedHandler((member, added) => added.ForEach(tp => _owned[tp.Partition.Value] = true))
                .SetPartitionsRevokedHandler((member, removed) => removed.ForEach(tp =>
                {
                    _owned.TryRemove(tp.Partition.Value, out _);
                    _revoked.Enqueue(tp.Partition.Value);
                }))
                .SetPartitionsLostHandler((member, lost) => lost.ForEach(tp => _owned.TryRemove(tp.Partition.Value, out _)))
                .Build();
            _consumer.Subscribe(topic);
            _loop = Task.Factory.StartNew(Poll, TaskCreationOptions.LongRunning);
        }

        public IReadOnlyList<int> Owned => [.. _owned.Keys.Order()];

        public IReadOnlyList<int> Revoked => [.. _revoked];

        public IReadOnlyCollection<string> Values => _values;

        public void Dispose()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            _loop.Wait();
            _consumer.Close();
            _consumer.Dispose();
        }

        private void Poll()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var result = _consumer.Consume(TimeSpan.FromMilliseconds(50));
                    if (result is { IsPartitionEOF: false, Message: not null })
                    {
                        _values.Enqueue($"{result.Partition.Value}@{result.Offset.Value}");
                        if (_commitEach)
                        {
                            _consumer.Commit(result);
                        }
                    }
                }
                catch (KafkaException)
                {
                    // A commit or fetch during a rebalance is retried by polling again.
                }
            }
        }
    }
}
