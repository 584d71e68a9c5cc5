using System.Data.Common;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Sqlite;

/// <summary>
/// A connection of <see cref="SqliteConnectionPool"/>: disposing it returns it to the pool open, with its prepared
/// statements, instead of closing it. Used by one caller at a time, like any connection.
/// </summary>
internal sealed class PooledSqliteConnection : SqliteConnection, IStatementCache
{
    /// <summary>Beyond this many distinct texts a connection prepares afresh each time (texts built per call, e.g. IN lists).</summary>
    private const int MaxStatements = 64;

    private readonly SqliteConnectionPool _pool;
    private readonly Dictionary<string, CachedSqliteCommand> _statements = new(StringComparer.Ordinal);
    private bool _closing;

    public PooledSqliteConnection(string connectionString, SqliteConnectionPool pool) : base(connectionString)
    {
        _pool = pool;
    }

    public DbCommand? Rent(string sql)
    {
        if (_statements.TryGetValue(sql, out var command))
        {
            if (command.InUse) return null;
        }
        else
        {
            if (_statements.Count >= MaxStatements) return null;
            command = new CachedSqliteCommand(sql, this);
            _statements.Add(sql, command);
        }
        command.InUse = true;
        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closing && _pool.TryReturn(this)) return;
        if (disposing) CloseForGood();
        base.Dispose(disposing);
    }

    /// <summary>Finalizes the prepared statements, then lets the connection close.</summary>
    internal void CloseForGood()
    {
        _closing = true;
        foreach (var command in _statements.Values) command.Release();
        _statements.Clear();
    }

    /// <summary>Whether a transaction is still open on the connection (a caller left without finishing it).</summary>
    internal bool InTransaction => State == System.Data.ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(Handle) == 0;
}
