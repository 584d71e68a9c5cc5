using System.Data.Common;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;

namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>
/// A read model of orders (status, line count) in the store's own database. <see cref="FailAtPosition"/> makes it throw
/// at one global position, to show that a failed batch leaves read model and checkpoint untouched.
/// </summary>
public sealed class OrderSummaryProjection(EventSerializer serializer) : IProjection
{
    public const string CreateTable =
        "CREATE TABLE IF NOT EXISTS order_summaries (order_id TEXT PRIMARY KEY, status TEXT NOT NULL, lines INTEGER NOT NULL)";

    public string Name => "order-summaries";

    public long? FailAtPosition { get; set; }

    public async Task Apply(StreamEvent @event, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (@event.GlobalPosition == FailAtPosition) throw new InvalidOperationException($"projection failed at {@event.GlobalPosition}");
        var (sql, orderId) = serializer.Deserialize(@event) switch
        {
            OrderCreated e => ("INSERT INTO order_summaries (order_id, status, lines) VALUES (@id, 'created', 0)", e.OrderId),
            OrderLineAdded e => ("UPDATE order_summaries SET lines = lines + 1 WHERE order_id = @id", e.OrderId),
            OrderCancelled e => ("UPDATE order_summaries SET status = 'cancelled' WHERE order_id = @id", e.OrderId),
            _ => (null, null),
        };
        if (sql is null) return;

        await using var command = SqlStoreCommands.Create(transaction, sql);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = orderId;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task Reset(DbTransaction transaction, CancellationToken cancellationToken) =>
        SqlStoreCommands.Execute(transaction, "DELETE FROM order_summaries", cancellationToken);

    /// <summary>(order id, status, lines) rows ordered by order id.</summary>
    public static async Task<List<(string OrderId, string Status, long Lines)>> Rows(DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = SqlStoreCommands.Create(transaction, "SELECT order_id, status, lines FROM order_summaries ORDER BY order_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, string, long)>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return rows;
    }
}
