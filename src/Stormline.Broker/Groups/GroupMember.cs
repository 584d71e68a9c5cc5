using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>
/// One member of a classic group: who it is, what it supports, its assignment, and the JoinGroup or SyncGroup request
/// it is waiting in (a completion source answered by the coordinator, so no thread blocks on it).
/// Not thread-safe: every read and write happens under the owning <see cref="ConsumerGroup.Gate"/>.
/// </summary>
internal sealed class GroupMember(
    string memberId,
    string? groupInstanceId,
    string clientId,
    string clientHost,
    int sessionTimeoutMs,
    int rebalanceTimeoutMs,
    string protocolType,
    IReadOnlyList<GroupProtocol> protocols)
{
    /// <summary>How long a brand-new member may wait in its first JoinGroup before it is dropped (Kafka's 5 minutes).</summary>
    public const long NewMemberJoinTimeoutMs = 5 * 60 * 1000;

    private TaskCompletionSource<JoinGroupResult>? _joinWaiter;
    private TaskCompletionSource<SyncGroupResult>? _syncWaiter;

    /// <summary>Changes only when a static member rejoins and takes over its instance's place under a new id.</summary>
    public string MemberId { get; set; } = memberId;

    public string? GroupInstanceId { get; } = groupInstanceId;

    public bool IsStatic => GroupInstanceId is not null;

    public string ClientId { get; set; } = clientId;

    public string ClientHost { get; set; } = clientHost;

    public int SessionTimeoutMs { get; set; } = sessionTimeoutMs;

    public int RebalanceTimeoutMs { get; set; } = rebalanceTimeoutMs;

    public string ProtocolType { get; } = protocolType;

    public IReadOnlyList<GroupProtocol> Protocols { get; set; } = protocols;

    /// <summary>What the leader assigned in the current generation (empty until then).</summary>
    public byte[] Assignment { get; set; } = [];

    /// <summary>Last sign of life: a heartbeat, a commit, or a join or sync answer (Environment.TickCount64 ms).</summary>
    public long LastHeartbeatMs { get; set; }

    /// <summary>Joined in the current rebalance and has not received a generation yet.</summary>
    public bool IsNew { get; set; }

    public bool IsAwaitingJoin => _joinWaiter is not null;

    public bool IsAwaitingSync => _syncWaiter is not null;

    public bool Supports(string protocol) => Protocols.Any(p => p.Name == protocol);

    public byte[] MetadataFor(string? protocol) => Protocols.FirstOrDefault(p => p.Name == protocol)?.Metadata ?? [];

    /// <summary>Same protocols, in the same order, with the same metadata: a rejoin that changes nothing.</summary>
    public bool Matches(IReadOnlyList<GroupProtocol> other) =>
        other.Count == Protocols.Count
        && other.Zip(Protocols).All(pair => pair.First.Name == pair.Second.Name && pair.First.Metadata.AsSpan().SequenceEqual(pair.Second.Metadata));

    /// <summary>
    /// Kafka's liveness rule: a member waiting in JoinGroup is kept (a new one for at most 5 minutes), a member
    /// waiting in SyncGroup is kept, any other member must have shown life within its session timeout.
    /// </summary>
    public bool ShouldKeepAlive(long nowMs)
    {
        if (IsAwaitingJoin)
        {
            return !IsNew || nowMs < LastHeartbeatMs + NewMemberJoinTimeoutMs;
        }

        return IsAwaitingSync || nowMs < LastHeartbeatMs + SessionTimeoutMs;
    }

    /// <summary>Parks a JoinGroup; a join that was already waiting (a duplicate request) is answered REBALANCE_IN_PROGRESS.</summary>
    public Task<JoinGroupResult> AwaitJoin()
    {
        var previous = _joinWaiter;
        _joinWaiter = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        previous?.TrySetResult(JoinGroupResult.Failed(MemberId, ErrorCode.RebalanceInProgress));
        return _joinWaiter.Task;
    }

    /// <summary>Answers the waiting JoinGroup, if any; true if there was one.</summary>
    public bool CompleteJoin(JoinGroupResult result)
    {
        var waiter = _joinWaiter;
        _joinWaiter = null;
        return waiter?.TrySetResult(result) ?? false;
    }

    /// <summary>Parks a SyncGroup; a sync that was already waiting (a duplicate request) is answered REBALANCE_IN_PROGRESS.</summary>
    public Task<SyncGroupResult> AwaitSync()
    {
        var previous = _syncWaiter;
        _syncWaiter = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        previous?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
        return _syncWaiter.Task;
    }

    /// <summary>Answers the waiting SyncGroup, if any; true if there was one.</summary>
    public bool CompleteSync(SyncGroupResult result)
    {
        var waiter = _syncWaiter;
        _syncWaiter = null;
        return waiter?.TrySetResult(result) ?? false;
    }
}
