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

    /// <summary>
    /// Sixteen bytes in RFC 9562 order (big-endian), not .NET's default blob layout, whose first field is little-endian:
    /// that spread time-ordered ids (version 7, which every event gets) over some 256 places in the event id and inbox
    /// indexes, so each append and inbox mark rewrote a page of its own. In this order a new id sorts after the ones
    /// before it, and a batch's marks share the last pages. Script 007 turned ids stored before over.
    /// </summary>
    public override object EventId(Guid id) => id.ToByteArray(bigEndian: true);

    public override Guid ReadEventId(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<byte[]>(ordinal) is { Length: 16 } bytes ? new Guid(bytes, bigEndian: true)
            : throw new InvalidDataException($"An event id in column {ordinal} is not 16 bytes.");
}
