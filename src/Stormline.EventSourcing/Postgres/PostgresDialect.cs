using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Postgres;

internal sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override string ScriptFolder => "Postgres";

    public override string Json(string parameter) => parameter + "::jsonb";

    // One transaction-scoped advisory lock for all writers: positions then commit in the order they were taken.
    // It also serializes the version check and insert per stream. The key is arbitrary but fixed ("Storm" in ASCII).
    public override string? WriteLockSql => "SELECT pg_advisory_xact_lock(358435746413)";
}
