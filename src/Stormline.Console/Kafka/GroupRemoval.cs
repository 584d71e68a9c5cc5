using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.Kafka;

/// <summary>
/// Deletes a consumer group with its committed offsets (DeleteGroups). Kafka deletes only an empty group; one with
/// members is refused with 409 before asking, and the broker's NON_EMPTY_GROUP (a member joined meanwhile) is a 409 too.
/// </summary>
internal sealed class GroupRemoval(KafkaClients clients, GroupsReader groups)
{
    /// <returns>The committed offsets the group had, for the audit log.</returns>
    public async Task<GroupDetail> DeleteAsync(string group)
    {
        var detail = await groups.DetailAsync(group);
        if (detail.Members.Count > 0)
        {
            throw ConsoleProblem.Conflict($"Consumer group '{group}' has {detail.Members.Count} member(s) ({detail.State}); Kafka only deletes an empty group. Stop its consumers first.");
        }

        try
        {
            await clients.Admin.DeleteGroupsAsync([group], new DeleteGroupsOptions { RequestTimeout = KafkaClients.RequestTimeout });
        }
        catch (DeleteGroupsException ex)
        {
            var error = ex.Results.Select(r => r.Error).First(e => e.IsError);
            var detailText = $"Consumer group '{group}' was not deleted: {error.Code} — {error.Reason}";
            throw error.Code switch
            {
                ErrorCode.NonEmptyGroup => ConsoleProblem.Conflict(detailText),
                ErrorCode.GroupIdNotFound => ConsoleProblem.NotFound(detailText),
                _ => ConsoleProblem.BadRequest(detailText),
            };
        }

        return detail;
    }
}
