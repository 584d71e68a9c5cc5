using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>ListGroups, DescribeGroups and DeleteGroups.</summary>
internal sealed partial class GroupCoordinator
{
    public IReadOnlyList<GroupOverview> ListGroups()
    {
        var groups = new List<GroupOverview>();
        foreach (var group in _groups.Values)
        {
            lock (group.Gate)
            {
                if (group.State != GroupState.Dead)
                {
                    groups.Add(new GroupOverview(group.GroupId, group.ProtocolType ?? string.Empty, group.State));
                }
            }
        }

        return [.. groups.OrderBy(g => g.GroupId, StringComparer.Ordinal)];
    }

    public GroupDescription DescribeGroup(string groupId)
    {
        if (!TryGetGroup(groupId, out var group))
        {
            return new GroupDescription(ErrorCode.None, groupId, GroupState.Dead.KafkaName(), string.Empty, string.Empty, []);
        }

        lock (group.Gate)
        {
            var stable = group.State == GroupState.Stable;
            var members = group.State == GroupState.Dead
                ? []
                : group.Members.Select(m => new DescribedMember(
                    m.MemberId,
                    m.GroupInstanceId,
                    m.ClientId,
                    m.ClientHost,
                    stable ? m.MetadataFor(group.ProtocolName) : [],
                    stable ? m.Assignment : [])).ToList();
            return new GroupDescription(
                ErrorCode.None,
                groupId,
                group.State.KafkaName(),
                group.ProtocolType ?? string.Empty,
                stable ? group.ProtocolName ?? string.Empty : string.Empty,
                members);
        }
    }

    /// <summary>
    /// Deletes an Empty group and its committed offsets (durably). A group with members is NON_EMPTY_GROUP, an
    /// unknown one GROUP_ID_NOT_FOUND.
    /// </summary>
    public ErrorCode DeleteGroup(string groupId)
    {
        if (!TryGetGroup(groupId, out var group))
        {
            return ErrorCode.GroupIdNotFound;
        }

        lock (group.Gate)
        {
            switch (group.State)
            {
                case GroupState.Dead:
                    return ErrorCode.GroupIdNotFound;
                case GroupState.Empty:
                    try
                    {
                        Offsets.DeleteGroup(groupId);
                    }
                    catch (IOException ex)
                    {
                        _logger.LogError(ex, "Could not delete the offsets of group {GroupId}", groupId);
                        return ErrorCode.UnknownServerError;
                    }

                    group.TransitionTo(GroupState.Dead);
                    _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(groupId, group));
                    _logger.LogInformation("Deleted group {GroupId}", groupId);
                    return ErrorCode.None;
                default:
                    return ErrorCode.NonEmptyGroup;
            }
        }
    }
}
