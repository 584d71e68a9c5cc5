namespace Stormline.OpsConsole.Audit;

/// <summary>One action taken through the console: who (name and role), what, when, and the offsets it moved.</summary>
internal sealed record AuditEntry(DateTimeOffset Time, string User, string Role, string Action, string Target, IReadOnlyList<AuditOffset> Offsets);

/// <summary>
/// A partition an action moved. For a reset, the group's committed offset before (null: none was committed) and after;
/// for a redrive, where the copy was written (no before).
/// </summary>
internal sealed record AuditOffset(string Topic, int Partition, long? Before, long After);
