using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>
/// The group APIs byte for byte, in every advertised version, including the error answers the official clients
/// rarely provoke (stale generations, unknown members, rebalance in progress, fenced static members).
/// </summary>
public sealed class GroupProtocolTests(GroupBrokerFixture fixture) : IClassFixture<GroupBrokerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Heartbeat_for_an_unknown_group_or_member_is_UNKNOWN_MEMBER_ID(short version)
    {
        using var client = await ConnectAsync();
        Assert.Equal(ErrorCode.UnknownMemberId, await client.HeartbeatAsync(version, "raw-no-such-group", 1, "nobody"));
        var joined = await client.JoinWithMemberIdAsync($"raw-heartbeat-{version}");
        Assert.Equal(ErrorCode.UnknownMemberId, await client.HeartbeatAsync(version, $"raw-heartbeat-{version}", joined.GenerationId, "nobody"));
        Assert.Equal(ErrorCode.InvalidGroupId, await client.HeartbeatAsync(version, string.Empty, 1, "nobody"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Every_JoinGroup_version_forms_a_group_that_syncs_heartbeats_and_leaves(short version)
    {
        var group = $"raw-join-v{version}";
        using var client = await ConnectAsync("join-client");
        var memberId = string.Empty;
        if (version >= 4)
        {
            var first = await client.JoinGroupAsync(version, group);
            Assert.Equal(ErrorCode.MemberIdRequired, first.Error);
            Assert.Equal(-1, first.GenerationId);
            Assert.StartsWith("join-client-", first.MemberId, StringComparison.Ordinal);
            memberId = first.MemberId;
        }

        var joined = await client.JoinGroupAsync(version, group, memberId);
        Assert.Equal(ErrorCode.None, joined.Error);
        Assert.Equal(1, joined.GenerationId);
        Assert.Equal("range", joined.ProtocolName);
        Assert.Equal(joined.MemberId, joined.LeaderId);
        var self = Assert.Single(joined.Members);
        Assert.Equal(joined.MemberId, self.MemberId);
        Assert.Null(self.GroupInstanceId);
        Assert.Equal(GroupRequests.RangeMetadata, self.Metadata);

        var v3 = Math.Min(version, (short)3);
        var synced = await client.SyncGroupAsync(v3, group, 1, joined.MemberId, [(joined.MemberId, [1, 2, 3])]);
        Assert.Equal(ErrorCode.None, synced.Error);
        Assert.Equal([1, 2, 3], synced.Assignment);
        Assert.Equal(ErrorCode.None, await client.HeartbeatAsync(v3, group, 1, joined.MemberId));
        Assert.Equal(ErrorCode.None, (await client.LeaveGroupAsync(Math.Min(version, (short)2), group, (joined.MemberId, null))).Error);
        Assert.Equal("Empty", (await client.DescribeGroupsAsync(0, group))[0].State);
    }

    [Fact]
    public async Task A_truncated_group_request_closes_only_its_own_connection()
    {
        using (var broken = await ConnectAsync())
        {
            var sent = broken.SendAsync(ApiKey.JoinGroup, 5, w => w.WriteString("raw-truncated"), TimeSpan.FromSeconds(10));
            await Assert.ThrowsAnyAsync<IOException>(() => sent);
        }

        using var healthy = await ConnectAsync();
        Assert.Equal(ErrorCode.MemberIdRequired, (await healthy.JoinGroupAsync(5, "raw-truncated")).Error);
    }

    [Theory]
    [InlineData(GroupBrokerFixture.MinSessionTimeoutMs - 1)]
    [InlineData(GroupBrokerFixture.MaxSessionTimeoutMs + 1)]
    public async Task A_session_timeout_outside_the_broker_range_is_INVALID_SESSION_TIMEOUT(int sessionTimeoutMs)
    {
        using var client = await ConnectAsync();
        var joined = await client.JoinGroupAsync(5, "raw-session-range", sessionTimeoutMs: sessionTimeoutMs);
        Assert.Equal(ErrorCode.InvalidSessionTimeout, joined.Error);
    }

    [Fact]
    public async Task Members_must_share_the_protocol_type_and_a_protocol()
    {
        const string group = "raw-protocols";
        using var a = await ConnectAsync();
        using var b = await ConnectAsync();
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, (await a.JoinGroupAsync(3, group, protocolType: string.Empty)).Error);
        Assert.Equal(ErrorCode.None, (await a.JoinGroupAsync(3, group)).Error);
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, (await b.JoinGroupAsync(3, group, protocols: [("sticky", [])])).Error);
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, (await b.JoinGroupAsync(3, group, protocolType: "connect")).Error);
    }

    [Fact]
    public async Task A_rebalance_waits_for_known_members_who_learn_of_it_by_heartbeat_and_stale_generations_are_refused()
    {
        const string group = "raw-rebalance";
        const string topic = "raw-rebalance-topic";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var a = await ConnectAsync("member-a");
        using var b = await ConnectAsync("member-b");
        using var observer = await ConnectAsync();
        (string, int, long, string?)[] offset = [(topic, 0, 1, null)];

        var firstA = await a.JoinWithMemberIdAsync(group);
        Assert.Equal(ErrorCode.None, (await a.SyncGroupAsync(3, group, 1, firstA.MemberId, [(firstA.MemberId, [1])])).Error);
        var idA = firstA.MemberId;

        // B joins: the group waits for A to rejoin; A hears about it from its heartbeat and may still commit meanwhile.
        var idB = (await b.JoinGroupAsync(5, group)).MemberId;
        var joinB = b.JoinGroupAsync(5, group, idB);
        await Eventually.Until(() => State(observer, group) == "PreparingRebalance", Wait, () => State(observer, group));
        Assert.False(joinB.IsCompleted);
        Assert.Equal(ErrorCode.RebalanceInProgress, await a.HeartbeatAsync(3, group, 1, idA));
        Assert.Equal(ErrorCode.None, Assert.Single(await a.OffsetCommitAsync(7, group, 1, idA, offset)).Error);
        Assert.Equal(ErrorCode.RebalanceInProgress, (await a.SyncGroupAsync(3, group, 1, idA)).Error);

        var rejoinA = await a.JoinGroupAsync(5, group, idA);
        var joinedB = await joinB;
        Assert.Equal((ErrorCode.None, 2, idA), (rejoinA.Error, rejoinA.GenerationId, rejoinA.LeaderId));
        Assert.Equal((ErrorCode.None, 2, idA), (joinedB.Error, joinedB.GenerationId, joinedB.LeaderId));
        Assert.Equal(new[] { idA, idB }.Order(), rejoinA.Members.Select(m => m.MemberId).Order());
        Assert.Empty(joinedB.Members);

        // Waiting for the leader's assignment: no commits yet, but heartbeats are fine; old generations are refused.
        Assert.Equal("CompletingRebalance", State(observer, group));
        Assert.Equal(ErrorCode.RebalanceInProgress, Assert.Single(await b.OffsetCommitAsync(7, group, 2, idB, offset)).Error);
        Assert.Equal(ErrorCode.None, await b.HeartbeatAsync(3, group, 2, idB));
        Assert.Equal(ErrorCode.IllegalGeneration, await b.HeartbeatAsync(3, group, 1, idB));
        var syncB = b.SyncGroupAsync(3, group, 2, idB);
        await Task.Delay(200);
        Assert.False(syncB.IsCompleted);
        var syncA = await a.SyncGroupAsync(3, group, 2, idA, [(idA, [0xA]), (idB, [0xB])]);
        Assert.Equal([0xA], syncA.Assignment);
        Assert.Equal(new byte[] { 0xB }, (await syncB).Assignment);

        var described = Assert.Single(await observer.DescribeGroupsAsync(4, group));
        Assert.Equal(("Stable", "consumer", "range"), (described.State, described.ProtocolType, described.ProtocolData));
        Assert.Equal([0xB], described.Members.Single(m => m.MemberId == idB).Assignment);

        Assert.Equal(ErrorCode.IllegalGeneration, (await a.SyncGroupAsync(3, group, 1, idA)).Error);
        Assert.Equal(ErrorCode.IllegalGeneration, Assert.Single(await a.OffsetCommitAsync(7, group, 1, idA, offset)).Error);
        Assert.Equal(ErrorCode.UnknownMemberId, Assert.Single(await a.OffsetCommitAsync(7, group, -1, string.Empty, offset)).Error);
        Assert.Equal(ErrorCode.UnknownMemberId, Assert.Single(await a.OffsetCommitAsync(2, group, 2, "nobody", offset)).Error);
        Assert.Equal(ErrorCode.None, Assert.Single(await b.OffsetCommitAsync(2, group, 2, idB, offset)).Error);
        Assert.Equal(ErrorCode.UnknownMemberId, (await a.SyncGroupAsync(3, group, 2, "nobody")).Error);
        Assert.Equal(ErrorCode.IllegalGeneration, Assert.Single(await a.OffsetCommitAsync(7, "raw-never-joined", 3, "ghost", offset)).Error);
    }

    [Fact]
    public async Task A_follower_waiting_for_its_assignment_is_told_to_rejoin_when_the_leader_leaves()
    {
        const string group = "raw-sync-interrupted";
        using var a = await ConnectAsync();
        using var b = await ConnectAsync();
        var joinedA = await a.JoinGroupAsync(3, group);
        await a.SyncGroupAsync(3, group, 1, joinedA.MemberId, [(joinedA.MemberId, [1])]);
        var joinB = b.JoinGroupAsync(3, group);
        await Eventually.Until(() => State(a, group) == "PreparingRebalance", Wait, () => State(a, group));
        await a.JoinGroupAsync(3, group, joinedA.MemberId);
        var joinedB = await joinB;

        var syncB = b.SyncGroupAsync(3, group, 2, joinedB.MemberId);
        await Task.Delay(100);
        Assert.Equal(ErrorCode.None, (await a.LeaveGroupAsync(1, group, (joinedA.MemberId, null))).Error);
        Assert.Equal(ErrorCode.RebalanceInProgress, (await syncB).Error);

        // B rejoins alone, leads generation 3; rejoining again unchanged as a follower would not rebalance, but as leader it does.
        var rejoinedB = await b.JoinGroupAsync(3, group, joinedB.MemberId);
        Assert.Equal((ErrorCode.None, 3, joinedB.MemberId), (rejoinedB.Error, rejoinedB.GenerationId, rejoinedB.LeaderId));
        Assert.Equal([5], (await b.SyncGroupAsync(3, group, 3, joinedB.MemberId, [(joinedB.MemberId, [5])])).Assignment);
        using var c = await ConnectAsync();
        var joinC = c.JoinGroupAsync(3, group);
        await Eventually.Until(() => State(b, group) == "PreparingRebalance", Wait, () => State(b, group));
        await b.JoinGroupAsync(3, group, joinedB.MemberId);
        var joinedC = await joinC;
        var syncC = c.SyncGroupAsync(3, group, 4, joinedC.MemberId);
        await b.SyncGroupAsync(3, group, 4, joinedB.MemberId, [(joinedB.MemberId, [5]), (joinedC.MemberId, [6])]);
        Assert.Equal([6], (await syncC).Assignment);
        var followerAgain = await c.JoinGroupAsync(3, group, joinedC.MemberId);
        Assert.Equal((ErrorCode.None, 4, joinedB.MemberId), (followerAgain.Error, followerAgain.GenerationId, followerAgain.LeaderId));
        Assert.Equal("Stable", State(c, group));
        Assert.Equal([6], (await c.SyncGroupAsync(3, group, 4, joinedC.MemberId)).Assignment);
    }

    [Fact]
    public async Task A_member_that_does_not_rejoin_within_the_rebalance_timeout_is_removed()
    {
        const string group = "raw-rebalance-timeout";
        using var a = await ConnectAsync();
        using var b = await ConnectAsync();
        var joinedA = await a.JoinGroupAsync(3, group, rebalanceTimeoutMs: 1_000);
        await a.SyncGroupAsync(3, group, 1, joinedA.MemberId);

        var started = DateTime.UtcNow;
        var joinedB = await b.JoinGroupAsync(3, group, rebalanceTimeoutMs: 1_000);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900), "the join did not wait for the rebalance timeout");
        Assert.Equal((ErrorCode.None, 2, joinedB.MemberId), (joinedB.Error, joinedB.GenerationId, joinedB.LeaderId));
        Assert.Equal(joinedB.MemberId, Assert.Single(joinedB.Members).MemberId);
        Assert.Equal(ErrorCode.UnknownMemberId, await a.HeartbeatAsync(3, group, 1, joinedA.MemberId));
    }

    [Fact]
    public async Task A_member_without_heartbeats_expires_after_its_session_timeout_and_the_group_becomes_empty()
    {
        const string group = "raw-session-expiry";
        using var client = await ConnectAsync();
        var joined = await client.JoinGroupAsync(3, group, sessionTimeoutMs: 600);
        await client.SyncGroupAsync(3, group, 1, joined.MemberId);
        Assert.Equal("Stable", State(client, group));

        var expired = await Eventually.Until(() => State(client, group) == "Empty", Wait, () => State(client, group));
        Assert.True(expired >= TimeSpan.FromMilliseconds(400), $"expired after {expired.TotalMilliseconds:0} ms");
        Assert.Equal(ErrorCode.UnknownMemberId, await client.HeartbeatAsync(3, group, 1, joined.MemberId));
    }

    [Fact]
    public async Task LeaveGroup_answers_UNKNOWN_MEMBER_ID_for_strangers_and_per_member_in_the_v3_batch_form()
    {
        const string group = "raw-leave";
        using var a = await ConnectAsync();
        using var b = await ConnectAsync();
        Assert.Equal(ErrorCode.UnknownMemberId, (await a.LeaveGroupAsync(0, group, ("nobody", null))).Error);

        var joinedA = await a.JoinGroupAsync(3, group, rebalanceTimeoutMs: 5_000);
        await a.SyncGroupAsync(3, group, 1, joinedA.MemberId);
        var joinB = b.JoinGroupAsync(3, group, rebalanceTimeoutMs: 5_000);
        await Eventually.Until(() => State(a, group) == "PreparingRebalance", Wait, () => State(a, group));
        var joinedA2 = await a.JoinGroupAsync(3, group, joinedA.MemberId);
        var joinedB = await joinB;
        Assert.Equal(2, joinedA2.Members.Count);
        Assert.Equal(ErrorCode.UnknownMemberId, (await a.LeaveGroupAsync(1, group, ("nobody", null))).Error);

        var left = await a.LeaveGroupAsync(3, group, (joinedA.MemberId, null), ("nobody", null), (joinedB.MemberId, null));
        Assert.Equal(ErrorCode.None, left.Error);
        Assert.Equal(
            [(joinedA.MemberId, null, ErrorCode.None), ("nobody", null, ErrorCode.UnknownMemberId), (joinedB.MemberId, null, ErrorCode.None)],
            left.Members);
        Assert.Equal("Empty", State(a, group));
    }

    [Fact]
    public async Task A_restarted_static_member_gets_its_assignment_back_without_a_rebalance_and_its_old_id_is_fenced()
    {
        const string group = "raw-static";
        using var first = await ConnectAsync("static-client");
        var joined = await first.JoinGroupAsync(5, group, groupInstanceId: "instance-1");
        Assert.Equal((ErrorCode.None, 1), (joined.Error, joined.GenerationId));
        Assert.Equal("instance-1", Assert.Single(joined.Members).GroupInstanceId);
        Assert.StartsWith("instance-1-", joined.MemberId, StringComparison.Ordinal);
        Assert.Equal([7], (await first.SyncGroupAsync(3, group, 1, joined.MemberId, [(joined.MemberId, [7])], "instance-1")).Assignment);

        // The instance restarts: it joins without its member id and is answered at once, in the same generation.
        using var restarted = await ConnectAsync("static-client");
        var rejoined = await restarted.JoinGroupAsync(5, group, groupInstanceId: "instance-1");
        Assert.Equal((ErrorCode.None, 1, joined.MemberId), (rejoined.Error, rejoined.GenerationId, rejoined.LeaderId));
        Assert.NotEqual(joined.MemberId, rejoined.MemberId);
        Assert.Empty(rejoined.Members);
        Assert.Equal([7], (await restarted.SyncGroupAsync(3, group, 1, rejoined.MemberId, [], "instance-1")).Assignment);
        Assert.Equal("Stable", State(restarted, group));

        Assert.Equal(ErrorCode.FencedInstanceId, await first.HeartbeatAsync(3, group, 1, joined.MemberId, "instance-1"));
        Assert.Equal(ErrorCode.UnknownMemberId, await first.HeartbeatAsync(2, group, 1, joined.MemberId));
        Assert.Equal(ErrorCode.None, await restarted.HeartbeatAsync(3, group, 1, rejoined.MemberId, "instance-1"));
        var member = Assert.Single(Assert.Single(await restarted.DescribeGroupsAsync(4, group)).Members);
        Assert.Equal((rejoined.MemberId, "instance-1"), (member.MemberId, member.GroupInstanceId));

        // An admin removes the static member by its instance id alone (LeaveGroup v3).
        var left = await restarted.LeaveGroupAsync(3, group, (string.Empty, "instance-1"));
        Assert.Equal(ErrorCode.None, Assert.Single(left.Members).Error);
        Assert.Equal("Empty", State(restarted, group));
    }

    [Fact]
    public async Task Offsets_are_committed_and_fetched_in_every_version_with_metadata_and_unknown_partitions_answered_per_partition()
    {
        const string group = "raw-offset-versions";
        const string topic = "raw-offset-versions-topic";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        using var client = await ConnectAsync();

        for (short commitVersion = 2; commitVersion <= 7; commitVersion++)
        {
            var errors = await client.OffsetCommitAsync(commitVersion, group, -1, string.Empty, [(topic, 0, 100 + commitVersion, $"meta-{commitVersion}"), ("raw-no-such-topic", 0, 1, null), (topic, 9, 1, null)], leaderEpoch: 4);
            Assert.Equal([ErrorCode.None, ErrorCode.UnknownTopicOrPartition, ErrorCode.UnknownTopicOrPartition], errors.Select(e => e.Error));

            for (short fetchVersion = 1; fetchVersion <= 5; fetchVersion++)
            {
                var fetched = await client.OffsetFetchAsync(fetchVersion, group, [(topic, [0, 1])]);
                Assert.Equal(ErrorCode.None, fetched.Error);
                var expectedEpoch = commitVersion >= 6 && fetchVersion >= 5 ? 4 : -1;
                Assert.Equal(new FetchedOffset(topic, 0, 100 + commitVersion, expectedEpoch, $"meta-{commitVersion}", ErrorCode.None), fetched.Offsets[0]);
                Assert.Equal(new FetchedOffset(topic, 1, -1, -1, string.Empty, ErrorCode.None), fetched.Offsets[1]);
            }
        }

        Assert.Equal(ErrorCode.OffsetMetadataTooLarge, Assert.Single(await client.OffsetCommitAsync(7, group, -1, string.Empty, [(topic, 1, 3, new string('m', 4097))])).Error);
        Assert.Equal(ErrorCode.None, Assert.Single(await client.OffsetCommitAsync(7, group, -1, string.Empty, [(topic, 1, 3, null)])).Error);
        var all = await client.OffsetFetchAsync(2, group, null);
        Assert.Equal([(0, 107L, "meta-7"), (1, 3L, string.Empty)], all.Offsets.Select(o => (o.Partition, o.Offset, o.Metadata)));
        Assert.Empty((await client.OffsetFetchAsync(5, "raw-no-offsets-group", null)).Offsets);
    }

    [Fact]
    public async Task Groups_are_listed_described_and_deleted_in_every_version()
    {
        const string active = "raw-admin-active";
        const string offsetsOnly = "raw-admin-offsets";
        const string topic = "raw-admin-topic";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var client = await ConnectAsync("describe-client");
        var joined = await client.JoinWithMemberIdAsync(active);
        await client.SyncGroupAsync(3, active, 1, joined.MemberId, [(joined.MemberId, [1, 2, 3])]);
        await client.OffsetCommitAsync(2, offsetsOnly, -1, string.Empty, [(topic, 0, 1, null)]);

        for (short version = 0; version <= 2; version++)
        {
            var (error, groups) = await client.ListGroupsAsync(version);
            Assert.Equal(ErrorCode.None, error);
            Assert.Contains((active, "consumer"), groups);
            Assert.Contains((offsetsOnly, string.Empty), groups);
        }

        for (short version = 0; version <= 4; version++)
        {
            var described = await client.DescribeGroupsAsync(version, active, offsetsOnly, "raw-admin-unknown");
            Assert.Equal([active, offsetsOnly, "raw-admin-unknown"], described.Select(d => d.GroupId));
            Assert.All(described, d => Assert.Equal(ErrorCode.None, d.Error));
            Assert.Equal(["Stable", "Empty", "Dead"], described.Select(d => d.State));
            var member = Assert.Single(described[0].Members);
            Assert.Equal(
                (joined.MemberId, (string?)null, "describe-client", "/127.0.0.1", "range", "consumer"),
                (member.MemberId, member.GroupInstanceId, member.ClientId, member.ClientHost, described[0].ProtocolData, described[0].ProtocolType));
            Assert.Equal(GroupRequests.RangeMetadata, member.Metadata);
            Assert.Equal([1, 2, 3], member.Assignment);
            Assert.Equal(version >= 3 ? 0b1_0100_1000 : int.MinValue, described[0].AuthorizedOperations);
        }

        Assert.Equal([(active, ErrorCode.NonEmptyGroup), ("raw-admin-unknown", ErrorCode.GroupIdNotFound)], await client.DeleteGroupsAsync(0, active, "raw-admin-unknown"));
        Assert.Equal([(offsetsOnly, ErrorCode.None)], await client.DeleteGroupsAsync(1, offsetsOnly, offsetsOnly));
        Assert.Equal([(offsetsOnly, ErrorCode.GroupIdNotFound)], await client.DeleteGroupsAsync(1, offsetsOnly));
        Assert.DoesNotContain((await client.ListGroupsAsync(2)).Groups, g => g.GroupId == offsetsOnly);
        Assert.Empty((await client.OffsetFetchAsync(5, offsetsOnly, null)).Offsets);
    }

    [Fact]
    public async Task The_initial_rebalance_delay_gathers_members_into_the_first_generation()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, GroupInitialRebalanceDelayMs = 300 });
        using var a = await RawKafkaClient.ConnectAsync(broker.BootstrapServers);
        using var b = await RawKafkaClient.ConnectAsync(broker.BootstrapServers);
        var started = DateTime.UtcNow;
        var joinA = a.JoinGroupAsync(3, "delayed", sessionTimeoutMs: 10_000);
        await Task.Delay(100);
        var joinB = b.JoinGroupAsync(3, "delayed", sessionTimeoutMs: 10_000);
        var (joinedA, joinedB) = (await joinA, await joinB);

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(300), "the first join was answered before the initial delay");
        Assert.Equal((1, 1), (joinedA.GenerationId, joinedB.GenerationId));
        var leader = joinedA.LeaderId == joinedA.MemberId ? joinedA : joinedB;
        Assert.Equal(2, leader.Members.Count);
    }

    [Fact]
    public async Task Groups_that_stay_empty_without_committed_offsets_are_forgotten()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, OffsetsRetentionCheckIntervalMs = 200 });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "kept-topic", 1);
        using var client = await RawKafkaClient.ConnectAsync(broker.BootstrapServers);
        var joined = await client.JoinGroupAsync(3, "transient", sessionTimeoutMs: 10_000);
        await client.SyncGroupAsync(3, "transient", 1, joined.MemberId);
        await client.LeaveGroupAsync(1, "transient", (joined.MemberId, null));
        await client.OffsetCommitAsync(7, "kept", -1, string.Empty, [("kept-topic", 0, 1, null)]);
        Assert.Contains(("transient", "consumer"), (await client.ListGroupsAsync(2)).Groups);

        await Eventually.Until(
            () => client.ListGroupsAsync(2).GetAwaiter().GetResult().Groups.All(g => g.GroupId != "transient"),
            Wait,
            () => "the empty group without offsets is still listed");
        Assert.Contains(("kept", string.Empty), (await client.ListGroupsAsync(2)).Groups);
    }

    private static string State(RawKafkaClient client, string group) => client.DescribeGroupsAsync(0, group).GetAwaiter().GetResult()[0].State;

    private Task<RawKafkaClient> ConnectAsync(string clientId = "raw-client") => RawKafkaClient.ConnectAsync(fixture.BootstrapServers, clientId);
}
