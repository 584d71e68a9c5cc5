namespace Stormline.EventSourcing.Sql;

/// <summary>What differs between the SQL backends; everything else in <see cref="SqlStore"/> is portable SQL.</summary>
public abstract class SqlDialect
{
    /// <summary>Resource folder of the numbered schema scripts, e.g. "Sqlite".</summary>
    public abstract string ScriptFolder { get; }

    /// <summary>A parameter reference that the database stores as JSON.</summary>
    public abstract string Json(string parameter);

    /// <summary>
    /// Run first in every write transaction that assigns global positions; null when the transaction itself is
    /// already exclusive. It makes positions commit in increasing order, so a reader of the global log never passes
    /// a position that a slower transaction fills in later (the "skipped event" bug of sequence-based logs).
    /// </summary>
    public abstract string? WriteLockSql { get; }
}
