using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Flow;

/// <summary>
/// Another writer holds Payments' SQLite file for five seconds in the middle of the saga (as a backup tool or an
/// operator's sqlite3 shell would): Payments waits, dead-letters nothing, and every order finishes once the file is free.
/// </summary>
public sealed class SqliteLockTests
{
    [Fact]
    public async Task Payments_store_locked_by_another_writer_for_five_seconds_dead_letters_nothing()
    {
        await using var shop = await ShopSystem.Start();
        var api = new ShopApi(shop);
        var placed = new List<string>();
        for (var i = 0; i < 10; i++) placed.Add(await api.PlaceOrder(ShopApi.NewCustomer("locked")));

        await using (var other = new SqliteConnection($"Data Source={Path.Combine(shop.Payments!.DataDir, "events.db")};Pooling=False"))
        {
            await other.OpenAsync(TestContext.Current.CancellationToken);
            await using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN EXCLUSIVE";
            await hold.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            for (var i = 0; i < 10; i++) placed.Add(await api.PlaceOrder(ShopApi.NewCustomer("locked")));
            await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        foreach (var orderId in placed) await api.WaitForOrder(orderId, "Shipped");
        var books = await api.Payments.GetFromJsonAsync<JsonElement>("/gateway/ledger", TestContext.Current.CancellationToken);
        Assert.All(placed, id => Assert.Equal(1, books.GetProperty("charges").GetProperty(id).GetInt32()));
        Assert.Empty(shop.Kafka.ConsumeUntilIdle("order-events.dlq", TimeSpan.FromMilliseconds(500)));
    }
}
