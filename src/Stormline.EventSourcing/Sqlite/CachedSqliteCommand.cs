using Microsoft.Data.Sqlite;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// A command that outlives its <c>using</c> block: disposing hands it back to its connection's cache with its
/// prepared statement intact, so the next execution of the same text skips SQLite's parser and planner.
/// </summary>
internal sealed class CachedSqliteCommand : SqliteCommand
{
    private bool _closing;

    public CachedSqliteCommand(string sql, SqliteConnection connection) : base(sql, connection)
    {
    }

    /// <summary>Rented out; a second rent of the same text while this one runs gets a fresh command instead.</summary>
    public bool InUse { get; set; }

    /// <summary>Really disposes (the connection is closing).</summary>
    public void Release()
    {
        _closing = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closing)
        {
            Transaction = null;
            foreach (SqliteParameter parameter in Parameters) parameter.Value = DBNull.Value; // drop references to the last values
            InUse = false;
            return;
        }
        base.Dispose(disposing);
    }
}
