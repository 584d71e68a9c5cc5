using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Postgres;

internal sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    /// <summary>Advisory-lock keys. The one-key (bigint) and two-key (int, int) spaces do not overlap in PostgreSQL.</summary>
    public const long OrderLockKey = 358435746413; // "Storm" in ASCII
    public const int StreamLockClass = 1400140642; // "Stre"
    public const long SchemaLockKey = 358435746419; // held by one replica's schema set-up at a time

    public override string ScriptFolder => "Postgres";

    public override string Json(string parameter) => parameter + "::jsonb";

    // Per stream, held to commit: appends to one stream queue here, appends to different streams do not. Hash
    // collisions only make two streams share a lock. Global order is kept by PostgresEventStore's ordered insert.
    public override string? StreamLockSql => $"SELECT pg_advisory_xact_lock({StreamLockClass}, hashtext(@name))";

    public override string? SchemaLockSql => $"SELECT pg_advisory_xact_lock({OrderLockKey})";

    public override string ForShare => " FOR SHARE";

    public override string PositionIn(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object PositionList(IReadOnlyCollection<long> positions) => positions.ToArray();

    public override object TextList(IReadOnlyCollection<string> values) => values.ToArray();

    public override string? Rows(string parameter) => $"unnest({parameter})";
}
