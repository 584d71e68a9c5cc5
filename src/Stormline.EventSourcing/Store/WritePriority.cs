namespace Stormline.EventSourcing.Store;

/// <summary>
/// Whose turn comes first when several units of work of one process wait to write to a store with a single writer
/// (SQLite). Each lower class is passed over a few times in a row at most, so none starves. Ignored where the database
/// has concurrent writers (PostgreSQL).
/// </summary>
public enum WritePriority
{
    /// <summary>
    /// First: appends a caller waits on (an HTTP command's group commit), and the relay's marks of what it published
    /// (everything it publishes next waits on them), so neither queues behind batches.
    /// </summary>
    Request,

    /// <summary>Work the flow of events waits on: consumer batches, saga timers, readers of the log that are behind; the default.</summary>
    Flow,

    /// <summary>Readers of the log near its head (projections, log feeds), which may fall a little behind (see <see cref="WritePriorities.ForReader"/>).</summary>
    CatchUp,
}
