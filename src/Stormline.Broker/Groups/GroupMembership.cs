namespace Stormline.Broker.Groups;

/// <summary>
/// A Stable group's generation as it is kept across a restart (Kafka's GroupMetadata value): the protocol, the
/// leader and every member with the protocols it offered and the assignment it holds.
/// </summary>
internal sealed record GroupMembership(
    string GroupId,
    string ProtocolType,
    string ProtocolName,
    int GenerationId,
    string LeaderId,
    IReadOnlyList<GroupMembership.Member> Members)
{
    /// <summary>One member of the stored generation; session and rebalance timeouts as it joined with them.</summary>
    internal sealed record Member(
        string MemberId,
        string? GroupInstanceId,
        string ClientId,
        string ClientHost,
        int SessionTimeoutMs,
        int RebalanceTimeoutMs,
        IReadOnlyList<GroupProtocol> Protocols,
        byte[] Assignment);

    public static GroupMembership Of(ConsumerGroup group) => new(
        group.GroupId,
        group.ProtocolType!,
        group.ProtocolName!,
        group.GenerationId,
        group.LeaderId!,
        [.. group.Members.Select(m => new Member(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost, m.SessionTimeoutMs, m.RebalanceTimeoutMs, m.Protocols, m.Assignment))]);
}
