using System.Data.Common;
using System.Text.Json;
using Shop.Contracts;
using Stormline.Hosting;
using Stormline.Hosting.Storage;

namespace Shop.Deliveries.Application;

/// <summary>
/// What Deliveries knows of an order before it ships, in the service store: the address (from OrderCreated on
/// order-events) and whether it is paid (PaymentCompleted on payment-events). The two topics arrive in any order;
/// each side writes its half with an upsert that returns the other half, so whichever comes second starts the delivery.
/// The upsert locks the row until commit (SQLite: the write lock; PostgreSQL: ON CONFLICT waits for the other writer).
/// </summary>
public static class DeliveryRequests
{
    public const string CreateSql = "CREATE TABLE IF NOT EXISTS delivery_requests (order_id TEXT PRIMARY KEY, address TEXT NULL, payment_id TEXT NULL)";

    /// <summary>Stores the address and its user; returns whether the order is paid already.</summary>
    public static async Task<bool> RecordAddress(DbTransaction transaction, string orderId, AwaitedDelivery address, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(transaction,
            "INSERT INTO delivery_requests (order_id, address) VALUES (@id, @address) ON CONFLICT (order_id) DO UPDATE SET address = excluded.address RETURNING payment_id",
            ("@id", orderId), ("@address", JsonSerializer.Serialize(address, HostingJson.Options)));
        return await command.ExecuteScalarAsync(cancellationToken) is string;
    }

    /// <summary>Stores the payment; returns the address and its user when the order was seen already.</summary>
    public static async Task<AwaitedDelivery?> RecordPayment(DbTransaction transaction, string orderId, string paymentId, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(transaction,
            "INSERT INTO delivery_requests (order_id, payment_id) VALUES (@id, @payment) ON CONFLICT (order_id) DO UPDATE SET payment_id = excluded.payment_id RETURNING address",
            ("@id", orderId), ("@payment", paymentId));
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? AwaitedDelivery.Read(json, orderId) : null;
    }
}
