using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// The newer versions of the group and admin APIs: the flexible ones whose only change is the encoding (compact
/// strings and arrays, tagged fields, request header v2), and those of KIP-559 (protocol type and name in JoinGroup
/// and SyncGroup) and KIP-800 (reasons). Each request is encoded as a client would at that version, the whole answer
/// is decoded at it (nothing left over), and the broker must have done what the request asked.
/// </summary>
public sealed class GroupAndAdminVersionsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task JoinGroup_v6_and_SyncGroup_v4_make_a_member_the_leader_and_hand_it_its_assignment()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var (memberId, generation) = await JoinAsync(wire, "flex-join");

        var sync = await wire.SendAsync<SyncGroupRequest, SyncGroupResponse>(ApiKey.SyncGroup, 4, new SyncGroupRequest
        {
            GroupId = "flex-join", GenerationId = generation, MemberId = memberId,
            Assignments = [new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = memberId, Assignment = new byte[] { 1, 2, 3 } }],
        });
        Assert.Equal(ErrorCode.None, sync.ErrorCode);
        Assert.Equal([1, 2, 3], sync.Assignment.ToArray());
    }

    [Fact]
    public async Task Heartbeat_v4_keeps_a_member_and_refuses_an_unknown_one()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var (memberId, generation) = await JoinAndSyncAsync(wire, "flex-heartbeat");

        Assert.Equal(ErrorCode.None, (await HeartbeatAsync(wire, "flex-heartbeat", generation, memberId)).ErrorCode);
        Assert.Equal(ErrorCode.UnknownMemberId, (await HeartbeatAsync(wire, "flex-heartbeat", generation, "no-such-member")).ErrorCode);
    }

    [Fact]
    public async Task OffsetCommit_v8_stores_the_offsets_of_the_members_generation()
    {
        const string topic = "flex-commit";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var (memberId, generation) = await JoinAndSyncAsync(wire, "flex-commit-group");

        var response = await wire.SendAsync<OffsetCommitRequest, OffsetCommitResponse>(ApiKey.OffsetCommit, 8, new OffsetCommitRequest
        {
            GroupId = "flex-commit-group", GenerationIdOrMemberEpoch = generation, MemberId = memberId,
            Topics =
            [
                new OffsetCommitRequest.OffsetCommitRequestTopic
                {
                    Name = topic,
                    Partitions =
                    [
                        new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 1, CommittedOffset = 42, CommittedMetadata = "m" },
                        new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 7, CommittedOffset = 1 },
                    ],
                },
            ],
        });

        var committed = Assert.Single(response.Topics);
        Assert.Equal(topic, committed.Name);
        Assert.Equal([(1, ErrorCode.None), (7, ErrorCode.UnknownTopicOrPartition)], committed.Partitions.Select(p => (p.PartitionIndex, p.ErrorCode)));
        using var raw = await RawKafkaClient.ConnectAsync(fixture.BootstrapServers);
        var fetched = await raw.OffsetFetchAsync(5, "flex-commit-group", [(topic, [1])]);
        Assert.Equal((42L, "m"), (Assert.Single(fetched.Offsets).Offset, fetched.Offsets[0].Metadata));
    }

    [Fact]
    public async Task DescribeGroups_v5_and_ListGroups_v3_show_a_stable_group_with_its_member()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var (memberId, _) = await JoinAndSyncAsync(wire, "flex-describe");

        var described = await wire.SendAsync<DescribeGroupsRequest, DescribeGroupsResponse>(ApiKey.DescribeGroups, 5, new DescribeGroupsRequest
        {
            Groups = ["flex-describe", "flex-no-such-group"],
        });
        Assert.Equal(2, described.Groups.Count);
        var group = described.Groups[0];
        Assert.Equal((ErrorCode.None, "flex-describe", "Stable", "consumer", "range"), (group.ErrorCode, group.GroupId, group.GroupState, group.ProtocolType, group.ProtocolData));
        var member = Assert.Single(group.Members);
        Assert.Equal((memberId, "admin-wire-test"), (member.MemberId, member.ClientId));
        Assert.Equal([1, 2, 3], member.MemberAssignment.ToArray());
        Assert.Equal(int.MinValue, group.AuthorizedOperations);
        Assert.Equal((ErrorCode.None, "Dead"), (described.Groups[1].ErrorCode, described.Groups[1].GroupState));
        Assert.Empty(described.Groups[1].Members);

        var listed = await wire.SendAsync<ListGroupsRequest, ListGroupsResponse>(ApiKey.ListGroups, 3, new ListGroupsRequest());
        Assert.Equal(ErrorCode.None, listed.ErrorCode);
        Assert.Contains(listed.Groups, g => g.GroupId == "flex-describe" && g.ProtocolType == "consumer");
    }

    [Fact]
    public async Task LeaveGroup_v4_then_DeleteGroups_v2_remove_the_member_and_the_group()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var (memberId, _) = await JoinAndSyncAsync(wire, "flex-leave");

        var left = await wire.SendAsync<LeaveGroupRequest, LeaveGroupResponse>(ApiKey.LeaveGroup, 4, new LeaveGroupRequest
        {
            GroupId = "flex-leave",
            Members = [new LeaveGroupRequest.MemberIdentity { MemberId = memberId }, new LeaveGroupRequest.MemberIdentity { MemberId = "no-such-member" }],
        });
        Assert.Equal(ErrorCode.None, left.ErrorCode);
        Assert.Equal([(memberId, ErrorCode.None), ("no-such-member", ErrorCode.UnknownMemberId)], left.Members.Select(m => (m.MemberId, m.ErrorCode)));

        var deleted = await DeleteGroupAsync(wire, "flex-leave");
        Assert.Equal(("flex-leave", ErrorCode.None), (deleted.GroupId, deleted.ErrorCode));
        Assert.Equal(ErrorCode.GroupIdNotFound, (await DeleteGroupAsync(wire, "flex-leave")).ErrorCode);
    }

    [Theory]
    [InlineData((short)7)]
    [InlineData((short)8)]
    public async Task JoinGroup_v7_and_later_answer_the_groups_protocol_type_and_no_protocol_with_an_error(short version)
    {
        var group = $"kip559-join-v{version}";
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var required = await JoinGroupAsync(wire, group, string.Empty, version);
        Assert.Equal((ErrorCode.MemberIdRequired, (string?)null, (string?)null), (required.ErrorCode, required.ProtocolType, required.ProtocolName));

        var joined = await JoinGroupAsync(wire, group, required.MemberId, version);
        Assert.Equal((ErrorCode.None, "consumer", "range"), (joined.ErrorCode, joined.ProtocolType, joined.ProtocolName));
        Assert.False(joined.SkipAssignment);
    }

    [Fact]
    public async Task JoinGroup_before_v7_answers_an_empty_protocol_name_with_an_error()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var required = await JoinGroupAsync(wire, "kip559-join-v6", string.Empty, 6);
        Assert.Equal((ErrorCode.MemberIdRequired, string.Empty), (required.ErrorCode, required.ProtocolName));
    }

    [Fact]
    public async Task SyncGroup_v5_checks_the_members_protocol_type_and_name_against_the_groups()
    {
        const string group = "kip559-sync";
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var (memberId, generation) = await JoinAsync(wire, group, 7);

        var synced = await SyncV5Async(wire, group, generation, memberId, "consumer", "range");
        Assert.Equal((ErrorCode.None, "consumer", "range"), (synced.ErrorCode, synced.ProtocolType, synced.ProtocolName));
        Assert.Equal([1, 2, 3], synced.Assignment.ToArray());

        // Stable now: a sync returns the held assignment, and a member that names neither is not checked.
        var unnamed = await SyncV5Async(wire, group, generation, memberId, null, null);
        Assert.Equal((ErrorCode.None, "consumer", "range"), (unnamed.ErrorCode, unnamed.ProtocolType, unnamed.ProtocolName));
        Assert.Equal([1, 2, 3], unnamed.Assignment.ToArray());

        var otherName = await SyncV5Async(wire, group, generation, memberId, "consumer", "roundrobin");
        Assert.Equal((ErrorCode.InconsistentGroupProtocol, (string?)null, (string?)null), (otherName.ErrorCode, otherName.ProtocolType, otherName.ProtocolName));
        Assert.Empty(otherName.Assignment.ToArray());
        Assert.Equal(ErrorCode.InconsistentGroupProtocol, (await SyncV5Async(wire, group, generation, memberId, "connect", null)).ErrorCode);
    }

    [Fact]
    public async Task LeaveGroup_v5_takes_a_reason_per_member()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var (memberId, _) = await JoinAndSyncAsync(wire, "kip800-leave");

        var left = await wire.SendAsync<LeaveGroupRequest, LeaveGroupResponse>(ApiKey.LeaveGroup, 5, new LeaveGroupRequest
        {
            GroupId = "kip800-leave", Members = [new LeaveGroupRequest.MemberIdentity { MemberId = memberId, Reason = "shutting down" }],
        });
        Assert.Equal(ErrorCode.None, left.ErrorCode);
        Assert.Equal([(memberId, ErrorCode.None)], left.Members.Select(m => (m.MemberId, m.ErrorCode)));
        Assert.Equal(ErrorCode.None, (await DeleteGroupAsync(wire, "kip800-leave")).ErrorCode);
    }

    [Theory]
    [InlineData((sbyte)0, "flex-coordinated-group")]
    [InlineData((sbyte)1, "flex-transactional-id")]
    public async Task FindCoordinator_v3_names_this_node_for_groups_and_transactional_ids(sbyte keyType, string key)
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var found = await wire.SendAsync<FindCoordinatorRequest, FindCoordinatorResponse>(ApiKey.FindCoordinator, 3, new FindCoordinatorRequest { Key = key, KeyType = keyType });
        Assert.Equal((ErrorCode.None, 1, "127.0.0.1", fixture.Broker.Port), (found.ErrorCode, found.NodeId, found.Host, found.Port));
    }

    [Fact]
    public async Task OffsetForLeaderEpoch_v4_answers_the_log_end_for_epoch_0()
    {
        const string topic = "flex-epochs";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        await KafkaClients.ProduceAsync(fixture.BootstrapServers, topic, 1, 5);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await wire.SendAsync<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(ApiKey.OffsetForLeaderEpoch, 4, new OffsetForLeaderEpochRequest
        {
            ReplicaId = -1,
            Topics =
            [
                new OffsetForLeaderEpochRequest.OffsetForLeaderTopic
                {
                    Topic = topic,
                    Partitions =
                    [
                        new OffsetForLeaderEpochRequest.OffsetForLeaderPartition { Partition = 0, CurrentLeaderEpoch = 0, LeaderEpoch = 0 },
                        new OffsetForLeaderEpochRequest.OffsetForLeaderPartition { Partition = 3, CurrentLeaderEpoch = 0, LeaderEpoch = 0 },
                    ],
                },
            ],
        });

        var result = Assert.Single(response.Topics);
        Assert.Equal(
            [(0, ErrorCode.None, 0, 5L), (3, ErrorCode.UnknownTopicOrPartition, -1, -1L)],
            result.Partitions.Select(p => (p.Partition, p.ErrorCode, p.LeaderEpoch, p.EndOffset)));
    }

    [Fact]
    public Task AlterConfigs_v2_replaces_a_topics_overrides() =>
        AssertRetentionChangedAsync("flex-alter", 3_600_000, async (wire, names, value) =>
            (await wire.SendAsync<AlterConfigsRequest, AlterConfigsResponse>(ApiKey.AlterConfigs, 2, new AlterConfigsRequest
            {
                Resources = [.. names.Select(n => new AlterConfigsRequest.AlterConfigsResource
                {
                    ResourceType = 2, ResourceName = n, Configs = [new AlterConfigsRequest.AlterableConfig { Name = "retention.ms", Value = value }],
                })],
            })).Responses.Select(r => (r.ErrorCode, r.ResourceName)));

    [Fact]
    public Task IncrementalAlterConfigs_v1_sets_one_config_of_a_topic() =>
        AssertRetentionChangedAsync("flex-incremental", 7_200_000, async (wire, names, value) =>
            (await wire.SendAsync<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>(ApiKey.IncrementalAlterConfigs, 1, new IncrementalAlterConfigsRequest
            {
                Resources = [.. names.Select(n => new IncrementalAlterConfigsRequest.AlterConfigsResource
                {
                    ResourceType = 2, ResourceName = n,
                    Configs = [new IncrementalAlterConfigsRequest.AlterableConfig { Name = "retention.ms", ConfigOperation = 0, Value = value }],
                })],
            })).Responses.Select(r => (r.ErrorCode, r.ResourceName)));

    [Theory]
    [InlineData((short)2)]
    [InlineData((short)3)]
    public async Task CreatePartitions_grows_a_topic_and_refuses_to_shrink_one(short version)
    {
        var topic = $"flex-grow-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var grown = await CreatePartitionsAsync(wire, version, topic, 3);
        Assert.Equal((topic, ErrorCode.None, (string?)null), (grown.Name, grown.ErrorCode, grown.ErrorMessage));
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live));
        Assert.Equal(3, live.Partitions.Count);

        var shrunk = await CreatePartitionsAsync(wire, version, topic, 2);
        Assert.Equal(ErrorCode.InvalidPartitions, shrunk.ErrorCode);
        Assert.False(string.IsNullOrEmpty(shrunk.ErrorMessage));
    }

    [Fact]
    public async Task DeleteTopics_v4_deletes_a_topic_and_names_an_unknown_one()
    {
        const string topic = "flex-delete";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var response = await wire.SendAsync<DeleteTopicsRequest, DeleteTopicsResponse>(ApiKey.DeleteTopics, 4, new DeleteTopicsRequest
        {
            TopicNames = [topic, "flex-never-created"], TimeoutMs = 10_000,
        });

        Assert.Equal(
            [(topic, ErrorCode.None), ("flex-never-created", ErrorCode.UnknownTopicOrPartition)],
            response.Responses.Select(r => (r.Name, r.ErrorCode)));
        Assert.False(fixture.Broker.Context.Topics.TryGet(topic, out _));
    }

    /// <summary>
    /// Sets retention.ms through <paramref name="alter"/> on a new topic and on one that does not exist, in one request:
    /// the first answer must be success and the live partition must have the value, the second UNKNOWN_TOPIC_OR_PARTITION.
    /// </summary>
    private async Task AssertRetentionChangedAsync(
        string topic, long retentionMs, Func<AdminWireClient, string[], string, Task<IEnumerable<(ErrorCode, string)>>> alter)
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);

        var answers = await alter(wire, [topic, "flex-no-such-topic"], retentionMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([(ErrorCode.None, topic), (ErrorCode.UnknownTopicOrPartition, "flex-no-such-topic")], answers);
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var live));
        Assert.Equal(retentionMs, live.Partitions[0].Config.RetentionMs);
    }

    /// <summary>JoinGroup as a dynamic member: MEMBER_ID_REQUIRED with an id first (KIP-394), then the join with it.</summary>
    private static async Task<(string MemberId, int Generation)> JoinAsync(AdminWireClient wire, string group, short version = 6)
    {
        var first = await JoinGroupAsync(wire, group, string.Empty, version);
        Assert.Equal(ErrorCode.MemberIdRequired, first.ErrorCode);
        Assert.False(string.IsNullOrEmpty(first.MemberId));

        var joined = await JoinGroupAsync(wire, group, first.MemberId, version);
        Assert.Equal(ErrorCode.None, joined.ErrorCode);
        Assert.Equal((first.MemberId, first.MemberId, "range"), (joined.MemberId, joined.Leader, joined.ProtocolName));
        Assert.Equal(1, joined.GenerationId);
        var member = Assert.Single(joined.Members);
        Assert.Equal(first.MemberId, member.MemberId);
        Assert.Equal(GroupRequests.RangeMetadata, member.Metadata.ToArray());
        return (joined.MemberId, joined.GenerationId);
    }

    private static Task<JoinGroupResponse> JoinGroupAsync(AdminWireClient wire, string group, string memberId, short version) =>
        wire.SendAsync<JoinGroupRequest, JoinGroupResponse>(ApiKey.JoinGroup, version, new JoinGroupRequest
        {
            GroupId = group, SessionTimeoutMs = 10_000, RebalanceTimeoutMs = 10_000, MemberId = memberId, ProtocolType = "consumer", Reason = "joining",
            Protocols = [new JoinGroupRequest.JoinGroupRequestProtocol { Name = "range", Metadata = GroupRequests.RangeMetadata }],
        });

    /// <summary>A one-member group, Stable, whose member holds the assignment [1, 2, 3].</summary>
    private static async Task<(string MemberId, int Generation)> JoinAndSyncAsync(AdminWireClient wire, string group)
    {
        var (memberId, generation) = await JoinAsync(wire, group);
        var sync = await wire.SendAsync<SyncGroupRequest, SyncGroupResponse>(ApiKey.SyncGroup, 4, new SyncGroupRequest
        {
            GroupId = group, GenerationId = generation, MemberId = memberId,
            Assignments = [new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = memberId, Assignment = new byte[] { 1, 2, 3 } }],
        });
        Assert.Equal(ErrorCode.None, sync.ErrorCode);
        return (memberId, generation);
    }

    private static Task<SyncGroupResponse> SyncV5Async(AdminWireClient wire, string group, int generation, string memberId, string? protocolType, string? protocolName) =>
        wire.SendAsync<SyncGroupRequest, SyncGroupResponse>(ApiKey.SyncGroup, 5, new SyncGroupRequest
        {
            GroupId = group, GenerationId = generation, MemberId = memberId, ProtocolType = protocolType, ProtocolName = protocolName,
            Assignments = [new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = memberId, Assignment = new byte[] { 1, 2, 3 } }],
        });

    private static Task<HeartbeatResponse> HeartbeatAsync(AdminWireClient wire, string group, int generation, string memberId) =>
        wire.SendAsync<HeartbeatRequest, HeartbeatResponse>(ApiKey.Heartbeat, 4, new HeartbeatRequest { GroupId = group, GenerationId = generation, MemberId = memberId });

    private static async Task<DeleteGroupsResponse.DeletableGroupResult> DeleteGroupAsync(AdminWireClient wire, string group) =>
        Assert.Single((await wire.SendAsync<DeleteGroupsRequest, DeleteGroupsResponse>(ApiKey.DeleteGroups, 2, new DeleteGroupsRequest { GroupsNames = [group] })).Results);

    private static async Task<CreatePartitionsResponse.CreatePartitionsTopicResult> CreatePartitionsAsync(AdminWireClient wire, short version, string topic, int count) =>
        Assert.Single((await wire.SendAsync<CreatePartitionsRequest, CreatePartitionsResponse>(ApiKey.CreatePartitions, version, new CreatePartitionsRequest
        {
            // No assignments (null), as a client sends when the broker is to place the new partitions.
            Topics = [new CreatePartitionsRequest.CreatePartitionsTopic { Name = topic, Count = count, Assignments = null }], TimeoutMs = 10_000,
        })).Results);
}
