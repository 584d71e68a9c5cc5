namespace Stormline.EventSourcing.Store;

/// <summary>
/// Whose turn comes first when several units of work of one process wait to write to a store with a single writer
/// (SQLite). Ignored where the database has concurrent writers (PostgreSQL).
/// </summary>
public enum WritePriority
{
    /// <summary>Work the flow of events waits on: appends, consumer batches, the outbox relay.</summary>
    Flow,

    /// <summary>Work that follows the log and may fall a little behind: projections, log feeds, rebuilds.</summary>
    CatchUp,
}
