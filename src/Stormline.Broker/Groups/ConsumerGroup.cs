namespace Stormline.Broker.Groups;

/// <summary>
/// One classic group: its state, generation, chosen protocol, leader, members, pending members (given an id by
/// MEMBER_ID_REQUIRED but not joined yet) and static members (group.instance.id → member id).
/// This class holds the data and the small rules Kafka's GroupMetadata has (protocol support and selection, leader
/// election, next generation); the rebalance flow that uses them is in <see cref="GroupCoordinator"/>.
/// Not thread-safe: everything is read and written under <see cref="Gate"/>, which is never held across an await.
/// </summary>
internal sealed class ConsumerGroup(string groupId)
{
    private readonly OrderedDictionary<string, GroupMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _staticMembers = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public string GroupId { get; } = groupId;

    public GroupState State { get; private set; } = GroupState.Empty;

    public int GenerationId { get; private set; }

    /// <summary>Set by the first member that joins an empty group ("consumer" for Kafka consumers); null for offset-only groups.</summary>
    public string? ProtocolType { get; private set; }

    /// <summary>The protocol chosen for the current generation; null while none is.</summary>
    public string? ProtocolName { get; private set; }

    public string? LeaderId { get; private set; }

    /// <summary>When the running rebalance (or the current initial-delay step) ends, in Environment.TickCount64 ms.</summary>
    public long JoinDeadlineMs { get; set; }

    /// <summary>The first rebalance of an empty group is waiting out group.initial.rebalance.delay.ms.</summary>
    public bool InInitialDelay { get; set; }

    /// <summary>How much of the rebalance timeout the initial delay may still use for further extensions.</summary>
    public long InitialDelayRemainingMs { get; set; }

    /// <summary>A member joined during the current initial-delay step, which extends the delay once more.</summary>
    public bool NewMemberAdded { get; set; }

    /// <summary>Since when the group has been Empty (Environment.TickCount64 ms); empty groups without offsets are removed after a while.</summary>
    public long EmptySinceMs { get; set; }

    /// <summary>
    /// Loaded from the offsets log at start. Whether it ever had members is not stored, so its offsets expire as an
    /// emptied group's do, counted from the start: never earlier than Kafka would expire them.
    /// </summary>
    public bool IsRestored { get; init; }

    public int MemberCount => _members.Count;

    /// <summary>
    /// A Stable generation stored before a restart: its members keep their ids and assignments and must show life
    /// within their session timeout from <paramref name="nowMs"/>, as after Kafka loads a group's metadata.
    /// </summary>
    public static ConsumerGroup Restore(GroupMembership stored, long nowMs)
    {
        var group = new ConsumerGroup(stored.GroupId)
        {
            State = GroupState.Stable,
            GenerationId = stored.GenerationId,
            ProtocolName = stored.ProtocolName,
            IsRestored = true,
            EmptySinceMs = nowMs,
        };
        foreach (var member in stored.Members)
        {
            group.Add(new GroupMember(member.MemberId, member.GroupInstanceId, member.ClientId, member.ClientHost, member.SessionTimeoutMs, member.RebalanceTimeoutMs, stored.ProtocolType, member.Protocols)
            {
                Assignment = member.Assignment,
                LastHeartbeatMs = nowMs,
            });
        }

        group.LeaderId = stored.Members.Any(m => m.MemberId == stored.LeaderId) ? stored.LeaderId : stored.Members[0].MemberId;
        return group;
    }

    public IEnumerable<GroupMember> Members => _members.Values;

    public bool HasPendingMembers => _pendingMembers.Count > 0;

    public bool CanRebalance => GroupStateExtensions.CanTransition(State, GroupState.PreparingRebalance);

    /// <summary>The longest rebalance timeout among the members: how long a rebalance waits for rejoins.</summary>
    public int RebalanceTimeoutMs => _members.Count == 0 ? 0 : _members.Values.Max(m => m.RebalanceTimeoutMs);

    /// <summary>Every member is waiting in JoinGroup and no pending member still has to come back.</summary>
    public bool AllMembersJoined => _pendingMembers.Count == 0 && _members.Values.All(m => m.IsAwaitingJoin);

    public void TransitionTo(GroupState next)
    {
        if (!GroupStateExtensions.CanTransition(State, next))
        {
            throw new InvalidOperationException($"Group {GroupId} cannot go from {State} to {next}");
        }

        State = next;
    }

    public bool Has(string memberId) => _members.ContainsKey(memberId);

    public GroupMember Get(string memberId) => _members[memberId];

    public bool IsLeader(string memberId) => LeaderId == memberId;

    public void Add(GroupMember member)
    {
        if (_members.Count == 0)
        {
            ProtocolType = member.ProtocolType;
        }

        _members.Add(member.MemberId, member);
        LeaderId ??= member.MemberId;
        if (member.GroupInstanceId is { } instance)
        {
            _staticMembers[instance] = member.MemberId;
        }
    }

    public void Remove(GroupMember member)
    {
        _members.Remove(member.MemberId);
        if (member.GroupInstanceId is { } instance && _staticMembers.TryGetValue(instance, out var id) && id == member.MemberId)
        {
            _staticMembers.Remove(instance);
        }

        if (IsLeader(member.MemberId))
        {
            LeaderId = _members.Count > 0 ? _members.GetAt(0).Key : null;
        }
    }

    public bool IsPending(string memberId) => _pendingMembers.ContainsKey(memberId);

    public void AddPending(string memberId, long deadlineMs) => _pendingMembers[memberId] = deadlineMs;

    public bool RemovePending(string memberId) => _pendingMembers.Remove(memberId);

    /// <summary>Drops pending members whose deadline passed; true if any was dropped.</summary>
    public bool ExpirePending(long nowMs)
    {
        var expired = _pendingMembers.Where(p => nowMs >= p.Value).Select(p => p.Key).ToList();
        foreach (var id in expired)
        {
            _pendingMembers.Remove(id);
        }

        return expired.Count > 0;
    }

    public string? StaticMemberId(string? groupInstanceId) =>
        groupInstanceId is not null && _staticMembers.TryGetValue(groupInstanceId, out var id) ? id : null;

    /// <summary>A request naming a group.instance.id that now belongs to another member id comes from a fenced instance.</summary>
    public bool IsStaticMemberFenced(string memberId, string? groupInstanceId) =>
        StaticMemberId(groupInstanceId) is { } current && current != memberId;

    /// <summary>
    /// A static member rejoined without its member id (e.g. after a restart): the same member continues under a new
    /// id, keeping its assignment, and requests still waiting under the old id are answered FENCED_INSTANCE_ID.
    /// </summary>
    public GroupMember ReplaceStaticMember(string oldMemberId, string newMemberId)
    {
        var member = _members[oldMemberId];
        member.CompleteJoin(JoinGroupResult.Failed(oldMemberId, Protocol.ErrorCode.FencedInstanceId));
        member.CompleteSync(SyncGroupResult.Failed(Protocol.ErrorCode.FencedInstanceId));
        var index = _members.IndexOf(oldMemberId);
        _members.RemoveAt(index);
        member.MemberId = newMemberId;
        _members.Insert(index, newMemberId, member);
        _staticMembers[member.GroupInstanceId!] = newMemberId;
        if (LeaderId == oldMemberId)
        {
            LeaderId = newMemberId;
        }

        return member;
    }

    /// <summary>
    /// Kafka's rule for who may join: an empty group takes any non-empty protocol type with at least one protocol;
    /// otherwise the type must match and one of the offered protocols must be supported by every current member.
    /// </summary>
    public bool SupportsProtocols(string protocolType, IReadOnlyList<GroupProtocol> protocols)
    {
        if (State == GroupState.Empty)
        {
            return protocolType.Length > 0 && protocols.Count > 0;
        }

        return ProtocolType == protocolType && protocols.Any(p => _members.Values.All(m => m.Supports(p.Name)));
    }

    /// <summary>
    /// Among the protocols every member supports, each member votes for the one it lists first; the most votes win
    /// (ties go to the candidate the leader prefers).
    /// </summary>
    public string SelectProtocol()
    {
        var members = _members.Values.ToList();
        var candidates = members[0].Protocols.Select(p => p.Name).Where(name => members.All(m => m.Supports(name))).ToList();
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"Group {GroupId} has no protocol every member supports");
        }

        var votes = members
            .Select(m => m.Protocols.First(p => candidates.Contains(p.Name)).Name)
            .GroupBy(name => name)
            .ToDictionary(g => g.Key, g => g.Count());
        var leaderOrder = LeaderId is not null && _members.TryGetValue(LeaderId, out var leader) ? leader.Protocols.Select(p => p.Name).ToList() : candidates;
        return candidates
            .OrderByDescending(name => votes.GetValueOrDefault(name))
            .ThenBy(name => leaderOrder.IndexOf(name) is var i && i < 0 ? int.MaxValue : i)
            .First();
    }

    /// <summary>Keeps the leader if it rejoined, else hands leadership to any member that did; false if none did.</summary>
    public bool ElectJoinedLeader()
    {
        if (LeaderId is null)
        {
            return false;
        }

        if (_members[LeaderId].IsAwaitingJoin)
        {
            return true;
        }

        var joined = _members.Values.FirstOrDefault(m => m.IsAwaitingJoin);
        if (joined is null)
        {
            return false;
        }

        LeaderId = joined.MemberId;
        return true;
    }

    /// <summary>Ends a rebalance: the next generation with the selected protocol, or an empty group.</summary>
    public void InitNextGeneration()
    {
        GenerationId++;
        if (_members.Count > 0)
        {
            ProtocolName = SelectProtocol();
            TransitionTo(GroupState.CompletingRebalance);
        }
        else
        {
            ProtocolName = null;
            TransitionTo(GroupState.Empty);
        }
    }

    /// <summary>What the leader receives in its JoinGroup response: every member with its metadata for the chosen protocol.</summary>
    public IReadOnlyList<JoinedMember> CurrentMemberMetadata() =>
        _members.Values.Select(m => new JoinedMember(m.MemberId, m.GroupInstanceId, m.MetadataFor(ProtocolName))).ToList();
}
