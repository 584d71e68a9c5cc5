using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Contracts;
using Shop.Tests.Infrastructure;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Serialization;
using Stormline.Hosting.Storage;

namespace Shop.Tests.PersonalData;

/// <summary>
/// OrderCreated's shipping address is the user's personal data (models/shop.storm.yaml): stored sealed, and after
/// <c>stormline forget</c> replays and rebuilt read models read it as erased, while the events stay as written and
/// other customers keep theirs.
/// </summary>
public sealed class ForgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<string> PlaceOrder(HttpClient orders, string customer, string recipient)
    {
        var response = await orders.PostAsync("/orders", ShopApi.Json($$$"""
            {"customerId": "{{{customer}}}", "lines": [{"sku": "book-1", "quantity": 1, "unitPrice": 10}],
             "shippingAddress": {"recipient": "{{{recipient}}}", "street": "1 Secret Road", "city": "Seoul", "postalCode": "04524", "phone": "010-555-0101"}}
            """), Ct);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["orderId"]!;
    }

    private static Task<List<string>> StoredOrderCreated(ServiceStore store) => StoredEvents(store, "OrderCreated");

    private static async Task<List<string>> StoredEvents(ServiceStore store, string type) => await store.Store.InTransaction(async (tx, ct) =>
    {
        await using var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT data FROM events WHERE type = '{type}' ORDER BY position";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct)) rows.Add(reader.GetString(0));
        return rows;
    }, Ct);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("separate key store")]
    public async Task Forget_erases_the_address_in_replays_and_rebuilt_read_models_and_leaves_the_events_and_other_customers_alone(string store)
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"shop-keys-{Guid.NewGuid():N}", "orders-keys.db");
        try
        {
            await ForgetIn(store, keyFile);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // pooled connections keep the key file open
            if (Directory.Exists(Path.GetDirectoryName(keyFile))) Directory.Delete(Path.GetDirectoryName(keyFile)!, recursive: true);
        }
    }

    private static async Task ForgetIn(string store, string keyFile)
    {
        await using var postgres = store == "postgres" ? await PostgresServer.Start() : null;
        await using var system = await ShopSystem.Start(orders: false, payments: false, deliveries: false);
        await system.StartOrders(store switch
        {
            "postgres" => ["Store:Provider=postgres", $"Store:ConnectionString={await postgres!.CreateSchema("orders")}"],
            "separate key store" => [$"Store:SubjectKeys={keyFile}"],
            _ => [],
        });
        var orders = system.Orders!;
        var forgotten = ShopApi.NewCustomer("gone");
        var kept = ShopApi.NewCustomer("kept");
        var first = await PlaceOrder(orders.Http, forgotten, "Kim Minji");
        var second = await PlaceOrder(orders.Http, kept, "Lee Jisoo");
        var serviceStore = orders.Get<ServiceStore>();

        var stored = await StoredOrderCreated(serviceStore);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, row => Assert.DoesNotContain("Secret Road", row, StringComparison.Ordinal));
        Assert.All(stored, row => Assert.Contains(FieldEnvelope.Prefix, row, StringComparison.Ordinal));
        await Eventually.Get(() => ShopApi.Read(orders.Http, $"/orders/{first}"), o => o is not null, "the order summary");
        Assert.Equal("Kim Minji", (string?)(await ShopApi.Read(orders.Http, $"/orders/{first}"))!["shippingAddress"]!["recipient"]);

        var result = await StormlineCli.Run("forget", "--subject", forgotten, "--service", orders.Http.BaseAddress!.ToString(), "--reason", "ticket 7", "--rebuild");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"1 key(s) of {forgotten} deleted; its personal fields in DeliveryStarted, OrderCreated now read as erased", result.Out, StringComparison.Ordinal);
        Assert.Contains("rebuilding order_summaries", result.Out, StringComparison.Ordinal);
        Assert.Equal(stored, await StoredOrderCreated(serviceStore)); // immutable: only the key went

        var erased = await Eventually.Get(() => ShopApi.Read(orders.Http, $"/orders/{first}"),
            o => (string?)o!["shippingAddress"]!["recipient"] == PersonalDataMap.ErasedText, "the rebuilt read model to show the address erased");
        Assert.Equal(PersonalDataMap.ErasedText, (string?)erased!["shippingAddress"]!["street"]);
        Assert.Null(erased["shippingAddress"]!["phone"]);
        Assert.Equal(forgotten, (string?)erased["customerId"]); // the subject stays: it names whose data went
        Assert.Equal("Lee Jisoo", (string?)(await ShopApi.Read(orders.Http, $"/orders/{second}"))!["shippingAddress"]!["recipient"]);

        var serializer = new EventSerializer(ShopEvents.Registry());
        var replayed = (await serviceStore.Store.ReadAll(0, 100, Ct)).Where(e => e.Type == "OrderCreated").Select(e => (OrderCreated)serializer.Deserialize(e)).ToList();
        Assert.Equal(PersonalDataMap.ErasedText, replayed.Single(e => e.UserId == forgotten).ShippingAddress.Recipient);
        Assert.Equal("Lee Jisoo", replayed.Single(e => e.UserId == kept).ShippingAddress.Recipient);
        Assert.Equal(store == "separate key store" ? 0 : 1, await CountRows(serviceStore, "subject_keys")); // the kept customer's key, where it lives
        Assert.Equal(store == "separate key store", File.Exists(keyFile));
    }

    private static Task<long> CountRows(ServiceStore store, string table) => store.Store.InTransaction(async (tx, ct) =>
    {
        await using var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }, Ct);

    [Fact]
    public async Task Forget_across_the_shop_erases_the_address_in_orders_and_in_the_delivery_that_copied_it()
    {
        await using var system = await ShopSystem.Start();
        var api = new ShopApi(system);
        var forgotten = ShopApi.NewCustomer("gone");
        var kept = ShopApi.NewCustomer("kept");
        var first = await PlaceOrder(system.Orders!.Http, forgotten, "Kim Minji");
        var second = await PlaceOrder(system.Orders.Http, kept, "Lee Jisoo");
        await api.WaitForDelivery(first, "Started");
        await api.WaitForDelivery(second, "Started");
        var deliveryEvents = await StoredEvents(system.Deliveries!.Get<ServiceStore>(), "DeliveryStarted");
        Assert.All(deliveryEvents, row => Assert.DoesNotContain("Secret Road", row, StringComparison.Ordinal));

        string[] services = ["--service", system.Orders.Http.BaseAddress!.ToString(), "--service", system.Payments!.Http.BaseAddress!.ToString(),
            "--service", system.Deliveries.Http.BaseAddress!.ToString()];
        var result = await StormlineCli.Run(["forget", "--subject", forgotten, .. services, "--rebuild"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{system.Payments.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)}: 0 key(s) of {forgotten} deleted", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{system.Deliveries.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)}: 1 key(s) of {forgotten} deleted", result.Out, StringComparison.Ordinal);
        Assert.Contains("rebuilding delivery_tracking", result.Out, StringComparison.Ordinal);
        var delivery = await Eventually.Get(async () => (await api.Delivery(first))?["delivery"],
            d => (string?)d!["address"]!["recipient"] == PersonalDataMap.ErasedText, "the rebuilt delivery tracking to show the address erased");
        Assert.Equal(PersonalDataMap.ErasedText, (string?)delivery!["address"]!["street"]);
        Assert.Equal("Lee Jisoo", (string?)(await api.Delivery(second))!["delivery"]!["address"]!["recipient"]);
        Assert.Equal(deliveryEvents, await StoredEvents(system.Deliveries.Get<ServiceStore>(), "DeliveryStarted"));
    }

    [Fact]
    public async Task Bad_forget_requests_are_problems_and_the_command_keeps_its_exit_codes()
    {
        await using var system = await ShopSystem.Start(payments: false, deliveries: false);
        var orders = system.Orders!;

        await ProblemAssert.Is(await orders.Http.PostAsync("/stormline/personal-data/forget", ShopApi.Json("""{"subject": "  "}"""), Ct),
            System.Net.HttpStatusCode.BadRequest, "subject");
        await ProblemAssert.Is(await orders.Http.PostAsync("/stormline/personal-data/forget", ShopApi.Json("""{"subject": 42}"""), Ct),
            System.Net.HttpStatusCode.BadRequest, "subject");
        await ProblemAssert.Is(await orders.Http.PostAsync("/stormline/personal-data/forget", ShopApi.Json("not json"), Ct),
            System.Net.HttpStatusCode.BadRequest, "not valid JSON");

        var nobody = await StormlineCli.Run("forget", "--subject", "never-ordered", "--service", orders.Http.BaseAddress!.ToString());
        Assert.True(nobody.ExitCode == 0, nobody.ToString());
        Assert.Contains("0 key(s) of never-ordered deleted", nobody.Out, StringComparison.Ordinal);

        var missing = await StormlineCli.Run("forget");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("--subject", missing.Error, StringComparison.Ordinal);
        var unknown = await StormlineCli.Run("forget", "--subject", "x", "--service", "inventory");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        var away = await StormlineCli.Run("forget", "--subject", "x", "--service", "http://127.0.0.1:1");
        Assert.True(away.ExitCode == 3, away.ToString());
        Assert.Contains("cannot be reached", away.Error, StringComparison.Ordinal);

        var help = await StormlineCli.Run("forget", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--subject", help.Out, StringComparison.Ordinal);
        Assert.Contains("--rebuild", help.Out, StringComparison.Ordinal);
    }
}
