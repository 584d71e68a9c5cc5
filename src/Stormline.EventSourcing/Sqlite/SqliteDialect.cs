using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Sqlite;

internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string ScriptFolder => "Sqlite";

    public override string Json(string parameter) => parameter;

    // BEGIN IMMEDIATE already makes every write transaction exclusive, so positions also commit in increasing order.
    public override string? StreamLockSql => null;

    public override string? SchemaLockSql => null;

    public override string ForShare => "";

    public override string PositionIn(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object PositionList(IReadOnlyCollection<long> positions) => "[" + string.Join(',', positions) + "]";

    public override object TextList(IReadOnlyCollection<string> values) => System.Text.Json.JsonSerializer.Serialize(values);
}
