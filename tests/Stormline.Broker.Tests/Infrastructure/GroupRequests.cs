using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Infrastructure;

public sealed record JoinResponse(ErrorCode Error, int GenerationId, string ProtocolName, string LeaderId, string MemberId, List<JoinResponseMember> Members);

public sealed record JoinResponseMember(string MemberId, string? GroupInstanceId, byte[] Metadata);

public sealed record SyncResponse(ErrorCode Error, byte[] Assignment);

public sealed record LeaveResponse(ErrorCode Error, List<(string MemberId, string? GroupInstanceId, ErrorCode Error)> Members);

public sealed record FetchedOffset(string Topic, int Partition, long Offset, int LeaderEpoch, string? Metadata, ErrorCode Error);

public sealed record OffsetFetchResponse(ErrorCode Error, List<FetchedOffset> Offsets);

public sealed record DescribedGroupMember(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);

public sealed record DescribedGroup(ErrorCode Error, string GroupId, string State, string ProtocolType, string ProtocolData, List<DescribedGroupMember> Members, int AuthorizedOperations);

/// <summary>
/// The group APIs on a <see cref="RawKafkaClient"/>, encoded from Kafka's message definitions (non-flexible
/// versions only), independently of the broker's handlers, so a test states the exact version it sends.
/// </summary>
public static class GroupRequests
{
    public static readonly byte[] RangeMetadata = [0, 0, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 0];

    public static async Task<JoinResponse> JoinGroupAsync(
        this RawKafkaClient client,
        short version,
        string groupId,
        string memberId = "",
        int sessionTimeoutMs = 10_000,
        int rebalanceTimeoutMs = 10_000,
        string? groupInstanceId = null,
        string protocolType = "consumer",
        (string Name, byte[] Metadata)[]? protocols = null,
        TimeSpan? timeout = null)
    {
        protocols ??= [("range", RangeMetadata)];
        var r = await client.SendAsync(ApiKey.JoinGroup, version, w =>
        {
            w.WriteString(groupId);
            w.WriteInt32(sessionTimeoutMs);
            if (version >= 1)
            {
                w.WriteInt32(rebalanceTimeoutMs);
            }

            w.WriteString(memberId);
            if (version >= 5)
            {
                w.WriteString(groupInstanceId);
            }

            w.WriteString(protocolType);
            w.WriteArray(protocols, (pw, p) =>
            {
                pw.WriteString(p.Name);
                pw.WriteBytes(p.Metadata);
            });
        }, timeout);
        if (version >= 2)
        {
            r.ReadInt32();
        }

        var error = (ErrorCode)r.ReadInt16();
        var generation = r.ReadInt32();
        var protocol = r.ReadString();
        var leader = r.ReadString();
        var member = r.ReadString();
        var members = r.ReadArray(m => new JoinResponseMember(m.ReadString(), version >= 5 ? m.ReadNullableString() : null, m.ReadBytes().ToArray()));
        Assert.Equal(0, r.Remaining);
        return new JoinResponse(error, generation, protocol, leader, member, members);
    }

    /// <summary>JoinGroup v4+ as a dynamic member does it: MEMBER_ID_REQUIRED first, then the join with the given id.</summary>
    public static async Task<JoinResponse> JoinWithMemberIdAsync(this RawKafkaClient client, string groupId, int sessionTimeoutMs = 10_000, int rebalanceTimeoutMs = 10_000)
    {
        var first = await client.JoinGroupAsync(5, groupId, sessionTimeoutMs: sessionTimeoutMs, rebalanceTimeoutMs: rebalanceTimeoutMs);
        Assert.Equal(ErrorCode.MemberIdRequired, first.Error);
        return await client.JoinGroupAsync(5, groupId, first.MemberId, sessionTimeoutMs, rebalanceTimeoutMs);
    }

    public static async Task<SyncResponse> SyncGroupAsync(this RawKafkaClient client, short version, string groupId, int generationId, string memberId, (string MemberId, byte[] Assignment)[]? assignments = null, string? groupInstanceId = null)
    {
        var r = await client.SendAsync(ApiKey.SyncGroup, version, w =>
        {
            w.WriteString(groupId);
            w.WriteInt32(generationId);
            w.WriteString(memberId);
            if (version >= 3)
            {
                w.WriteString(groupInstanceId);
            }

            w.WriteArray(assignments ?? [], (aw, a) =>
            {
                aw.WriteString(a.MemberId);
                aw.WriteBytes(a.Assignment);
            });
        });
        if (version >= 1)
        {
            r.ReadInt32();
        }

        var response = new SyncResponse((ErrorCode)r.ReadInt16(), r.ReadBytes().ToArray());
        Assert.Equal(0, r.Remaining);
        return response;
    }

    public static async Task<ErrorCode> HeartbeatAsync(this RawKafkaClient client, short version, string groupId, int generationId, string memberId, string? groupInstanceId = null)
    {
        var r = await client.SendAsync(ApiKey.Heartbeat, version, w =>
        {
            w.WriteString(groupId);
            w.WriteInt32(generationId);
            w.WriteString(memberId);
            if (version >= 3)
            {
                w.WriteString(groupInstanceId);
            }
        });
        if (version >= 1)
        {
            r.ReadInt32();
        }

        var error = (ErrorCode)r.ReadInt16();
        Assert.Equal(0, r.Remaining);
        return error;
    }

    public static async Task<LeaveResponse> LeaveGroupAsync(this RawKafkaClient client, short version, string groupId, params (string MemberId, string? GroupInstanceId)[] members)
    {
        var r = await client.SendAsync(ApiKey.LeaveGroup, version, w =>
        {
            w.WriteString(groupId);
            if (version >= 3)
            {
                w.WriteArray(members, (mw, m) =>
                {
                    mw.WriteString(m.MemberId);
                    mw.WriteString(m.GroupInstanceId);
                });
            }
            else
            {
                w.WriteString(members[0].MemberId);
            }
        });
        if (version >= 1)
        {
            r.ReadInt32();
        }

        var error = (ErrorCode)r.ReadInt16();
        var results = version >= 3 ? r.ReadArray(m => (m.ReadString(), m.ReadNullableString(), (ErrorCode)m.ReadInt16())) : [];
        Assert.Equal(0, r.Remaining);
        return new LeaveResponse(error, results);
    }

    public static async Task<List<(string Topic, int Partition, ErrorCode Error)>> OffsetCommitAsync(
        this RawKafkaClient client,
        short version,
        string groupId,
        int generationId,
        string memberId,
        IReadOnlyList<(string Topic, int Partition, long Offset, string? Metadata)> offsets,
        string? groupInstanceId = null,
        int leaderEpoch = -1)
    {
        var r = await client.SendAsync(ApiKey.OffsetCommit, version, w =>
        {
            w.WriteString(groupId);
            w.WriteInt32(generationId);
            w.WriteString(memberId);
            if (version >= 7)
            {
                w.WriteString(groupInstanceId);
            }

            if (version <= 4)
            {
                w.WriteInt64(-1);
            }

            var topics = offsets.GroupBy(o => o.Topic).ToList();
            w.WriteArray(topics, (tw, t) =>
            {
                tw.WriteString(t.Key);
                tw.WriteArray(t.ToList(), (pw, p) =>
                {
                    pw.WriteInt32(p.Partition);
                    pw.WriteInt64(p.Offset);
                    if (version >= 6)
                    {
                        pw.WriteInt32(leaderEpoch);
                    }

                    pw.WriteString(p.Metadata);
                });
            });
        });
        if (version >= 3)
        {
            r.ReadInt32();
        }

        var results = new List<(string, int, ErrorCode)>();
        foreach (var (topic, partitions) in r.ReadArray(t => (t.ReadString(), t.ReadArray(p => (p.ReadInt32(), (ErrorCode)p.ReadInt16())))))
        {
            results.AddRange(partitions.Select(p => (topic, p.Item1, p.Item2)));
        }

        Assert.Equal(0, r.Remaining);
        return results;
    }

    public static async Task<OffsetFetchResponse> OffsetFetchAsync(this RawKafkaClient client, short version, string groupId, IReadOnlyList<(string Topic, int[] Partitions)>? topics)
    {
        var r = await client.SendAsync(ApiKey.OffsetFetch, version, w =>
        {
            w.WriteString(groupId);
            w.WriteArray(topics, (tw, t) =>
            {
                tw.WriteString(t.Topic);
                tw.WriteArray(t.Partitions, (pw, p) => pw.WriteInt32(p));
            });
        });
        if (version >= 3)
        {
            r.ReadInt32();
        }

        var offsets = new List<FetchedOffset>();
        foreach (var (topic, partitions) in r.ReadArray(t => (t.ReadString(), t.ReadArray(p => (
            Partition: p.ReadInt32(),
            Offset: p.ReadInt64(),
            Epoch: version >= 5 ? p.ReadInt32() : -1,
            Metadata: p.ReadNullableString(),
            Error: (ErrorCode)p.ReadInt16())))))
        {
            offsets.AddRange(partitions.Select(p => new FetchedOffset(topic, p.Partition, p.Offset, p.Epoch, p.Metadata, p.Error)));
        }

        var error = version >= 2 ? (ErrorCode)r.ReadInt16() : ErrorCode.None;
        Assert.Equal(0, r.Remaining);
        return new OffsetFetchResponse(error, offsets);
    }

    public static async Task<List<DescribedGroup>> DescribeGroupsAsync(this RawKafkaClient client, short version, params string[] groupIds)
    {
        var r = await client.SendAsync(ApiKey.DescribeGroups, version, w =>
        {
            w.WriteArray(groupIds, (gw, g) => gw.WriteString(g));
            if (version >= 3)
            {
                w.WriteBool(true);
            }
        });
        if (version >= 1)
        {
            r.ReadInt32();
        }

        var groups = r.ReadArray(g => new DescribedGroup(
            (ErrorCode)g.ReadInt16(),
            g.ReadString(),
            g.ReadString(),
            g.ReadString(),
            g.ReadString(),
            g.ReadArray(m => new DescribedGroupMember(
                m.ReadString(),
                version >= 4 ? m.ReadNullableString() : null,
                m.ReadString(),
                m.ReadString(),
                m.ReadBytes().ToArray(),
                m.ReadBytes().ToArray())),
            version >= 3 ? g.ReadInt32() : int.MinValue));
        Assert.Equal(0, r.Remaining);
        return groups;
    }

    public static async Task<(ErrorCode Error, List<(string GroupId, string ProtocolType)> Groups)> ListGroupsAsync(this RawKafkaClient client, short version)
    {
        var r = await client.SendAsync(ApiKey.ListGroups, version, _ => { });
        if (version >= 1)
        {
            r.ReadInt32();
        }

        var error = (ErrorCode)r.ReadInt16();
        var groups = r.ReadArray(g => (g.ReadString(), g.ReadString()));
        Assert.Equal(0, r.Remaining);
        return (error, groups);
    }

    public static async Task<List<(string GroupId, ErrorCode Error)>> DeleteGroupsAsync(this RawKafkaClient client, short version, params string[] groupIds)
    {
        var r = await client.SendAsync(ApiKey.DeleteGroups, version, w => w.WriteArray(groupIds, (gw, g) => gw.WriteString(g)));
        r.ReadInt32();
        var results = r.ReadArray(g => (g.ReadString(), (ErrorCode)g.ReadInt16()));
        Assert.Equal(0, r.Remaining);
        return results;
    }
}
