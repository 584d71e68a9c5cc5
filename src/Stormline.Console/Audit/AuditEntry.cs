namespace Stormline.OpsConsole.Audit;

/// <summary>One action taken through the console: who (name and role), what, when, and the offsets it moved.</summary>
internal sealed record AuditEntry(DateTimeOffset Time, string User, string Role, string Action, string Target, IReadOnlyList<AuditOffset> Offsets);

/// <summary>
/// A partition an action touched. For a reset, the group's committed offset before (null: none was committed) and after;
/// for a redrive or a produce, where the message was written (no before); for a group deletion, the offset the group
/// had committed and -1 after (deleted).
/// </summary>
internal sealed record AuditOffset(string Topic, int Partition, long? Before, long After);
