using System.Data.Common;
using System.Net.Sockets;

namespace Stormline.EventSourcing.Store;

/// <summary>
/// Tells a failure that passes (the database restarting, a deadlock victim, a busy file, a timeout, a dropped
/// connection) from one that repeats on every try. Callers retry the first kind for as long as it lasts and never
/// give up on it by dead-lettering a good message.
/// </summary>
public static class TransientFailures
{
    // SQLite: BUSY, LOCKED, IOERR, CANTOPEN, PROTOCOL; extended codes keep the primary code in their low byte.
    private static readonly HashSet<int> SqliteTransient = [5, 6, 10, 14, 15];

    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException db when db.IsTransient:
                case TimeoutException:
                case SocketException:
                case IOException:
                case Microsoft.Data.Sqlite.SqliteException sqlite when SqliteTransient.Contains(sqlite.SqliteErrorCode & 0xFF):
                    return true;
                case Npgsql.PostgresException { SqlState: "25006" }:
                    return true; // read-only after a failover: Npgsql's IsTransient (above) covers the rest

            }
        }
        return false;
    }
}
