namespace Stormline.EventSourcing.Sql;

/// <summary>What differs between the SQL backends; everything else in <see cref="SqlStore"/> is portable SQL.</summary>
public abstract class SqlDialect
{
    /// <summary>Resource folder of the numbered schema scripts, e.g. "Sqlite".</summary>
    public abstract string ScriptFolder { get; }

    /// <summary>A parameter reference that the database stores as JSON.</summary>
    public abstract string Json(string parameter);

    /// <summary>
    /// Run first in every write transaction on a stream (parameter @name), so the version check and the append or
    /// tombstone that follows are one step per stream; null when write transactions are already exclusive.
    /// </summary>
    public abstract string? StreamLockSql { get; }

    /// <summary>Run first in each schema-script transaction so two processes never apply the same script; null when exclusive already.</summary>
    public abstract string? SchemaLockSql { get; }

    /// <summary>Appended to a SELECT of a lease row so a concurrent takeover waits for this transaction; empty where writes are exclusive.</summary>
    public abstract string ForShare { get; }

    /// <summary>
    /// A predicate "<paramref name="column"/> is one of the positions in <paramref name="parameter"/>", one statement
    /// text for any number of positions, so it is prepared once; bind the value from <see cref="PositionList"/>.
    /// </summary>
    public abstract string PositionIn(string column, string parameter);

    /// <summary>The parameter value for <see cref="PositionIn"/>.</summary>
    public abstract object PositionList(IReadOnlyCollection<long> positions);

    /// <summary>The parameter value for <see cref="PositionIn"/> over a text column (the predicate is the same).</summary>
    public abstract object TextList(IReadOnlyCollection<string> values);

    /// <summary>How an event id is bound as a parameter: the database's own uuid where it has one.</summary>
    public virtual object EventId(Guid id) => id;

    /// <summary>An event id read back from column <paramref name="ordinal"/>, as <see cref="EventId"/> stored it.</summary>
    public virtual Guid ReadEventId(System.Data.Common.DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    /// <summary>
    /// A row source of the elements of the array bound to <paramref name="parameter"/> (a .NET array), so a multi-row
    /// insert has one statement text for any count; null where the database takes no array parameters.
    /// </summary>
    public virtual string? Rows(string parameter) => null;
}
