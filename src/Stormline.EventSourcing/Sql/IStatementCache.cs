using System.Data.Common;

namespace Stormline.EventSourcing.Sql;

/// <summary>
/// A connection that keeps its prepared statements between uses. Parsing and planning a statement costs SQLite more
/// than running most of ours, and the store runs the same few dozen statements millions of times.
/// </summary>
internal interface IStatementCache
{
    /// <summary>A command for <paramref name="sql"/>, prepared before if it ran on this connection; null when none is free.</summary>
    DbCommand? Rent(string sql);
}
