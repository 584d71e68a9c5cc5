using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Server;

namespace Stormline.Broker.Groups;

/// <summary>
/// The classic group coordinator of this node (every group is coordinated here): membership and rebalances
/// (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), committed offsets, and the admin views of groups.
/// The rules follow Kafka's GroupCoordinator; each partial file holds one request type, and
/// <c>GroupCoordinator.Rebalance.cs</c> holds the state machine steps they share.
/// <para>
/// Thread-safety: the group table is a concurrent dictionary; all state of one group is read and changed under that
/// group's <see cref="ConsumerGroup.Gate"/>, then the lock is released before anything is awaited. Requests that
/// must wait (JoinGroup until the rebalance completes, SyncGroup until the leader's assignment arrives) get a task
/// from a completion source that a later request or the timer completes; continuations run asynchronously so no
/// client's handler runs under another group's lock. Offsets are written under the group lock (lock order: group,
/// then <see cref="OffsetStore"/>). Deadlines (session timeouts, pending members, rebalance timeout, the initial
/// rebalance delay) are checked by <see cref="RunAsync"/> every <see cref="TickInterval"/>.
/// </para>
/// </summary>
internal sealed partial class GroupCoordinator : IDisposable
{
    /// <summary>How often deadlines are checked; session expiry is therefore up to this much late.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly BrokerOptions _options;
    private readonly ILogger _logger;
    private readonly GroupMembershipStore _membership;
    private long _lastCleanupMs = Now;

    public GroupCoordinator(BrokerOptions options, string dataDirectory, ILoggerFactory loggerFactory)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger<GroupCoordinator>();
        Offsets = new OffsetStore(dataDirectory, loggerFactory.CreateLogger<OffsetStore>(), options);
        _membership = new GroupMembershipStore(dataDirectory, _logger);

        // As Kafka after loading __consumer_offsets: every group with committed offsets exists, empty, unless its last
        // generation was stored Stable: then its members go on in that generation if they show life in time.
        foreach (var groupId in Offsets.GroupIds())
        {
            _groups.TryAdd(groupId, new ConsumerGroup(groupId) { EmptySinceMs = Now, IsRestored = true });
        }

        foreach (var stored in _membership.Load())
        {
            _groups[stored.GroupId] = ConsumerGroup.Restore(stored, Now);
        }
    }

    public OffsetStore Offsets { get; }

    private static long Now => Environment.TickCount64;

    /// <summary>Checks every group's deadlines until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Tick(Now);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// One pass over every group: expire pending members and silent members, end rebalances that timed out, and every
    /// offsets.retention.check.interval.ms expire offsets and remove groups that stayed empty without offsets that long.
    /// </summary>
    internal void Tick(long nowMs)
    {
        var cleanup = nowMs - _lastCleanupMs >= _options.OffsetsRetentionCheckIntervalMs;
        if (cleanup)
        {
            _lastCleanupMs = nowMs;
        }

        foreach (var group in _groups.Values)
        {
            try
            {
                TickGroup(group, nowMs, cleanup);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                // A bug in one group must not stop the deadlines of all the others.
                _logger.LogError(ex, "Checking the deadlines of group {GroupId} failed", group.GroupId);
            }
        }
    }

    private void TickGroup(ConsumerGroup group, long nowMs, bool cleanup)
    {
        lock (group.Gate)
        {
            if (group.State == GroupState.Dead)
            {
                return;
            }

            if (group.ExpirePending(nowMs))
            {
                TryCompleteJoin(group, nowMs);
            }

            foreach (var member in group.Members.Where(m => !m.ShouldKeepAlive(nowMs)).ToList())
            {
                if (!group.Has(member.MemberId))
                {
                    // Already dropped by the rebalance that an earlier removal in this pass completed.
                    continue;
                }

                _logger.LogInformation("Member {MemberId} of group {GroupId} sent no heartbeat within {SessionTimeoutMs} ms; removing it", member.MemberId, group.GroupId, member.SessionTimeoutMs);
                RemoveMemberAndUpdateGroup(group, member, nowMs, "session timeout");
            }

            if (group.State == GroupState.PreparingRebalance && nowMs >= group.JoinDeadlineMs)
            {
                OnJoinDeadline(group, nowMs);
            }

            // Kafka removes a group whose offsets just expired at once; one that was merely left empty without offsets
            // gets a whole check interval, so a client that looks at it right after its last member left still finds it.
            if (cleanup && (ExpireOffsets(group, nowMs) || nowMs - group.EmptySinceMs >= _options.OffsetsRetentionCheckIntervalMs))
            {
                RemoveIfEmptyWithoutOffsets(group);
            }
        }
    }

    public void Dispose() => Offsets.Dispose();

    private bool TryGetGroup(string groupId, out ConsumerGroup group) => _groups.TryGetValue(groupId, out group!);

    private ConsumerGroup GetOrCreateGroup(string groupId) => _groups.GetOrAdd(groupId, static id => new ConsumerGroup(id) { EmptySinceMs = Now });
}
