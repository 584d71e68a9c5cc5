using Shop.Deliveries;
using Shop.Orders;
using Shop.Payments;
using Stormline.Testing;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// An embedded Kafka broker with the shop's topics (as the model's plan: 3 partitions, one-partition DLQs) and the
/// services asked for, each in-process on its own port and SQLite folder. Services can be started later, to hold a
/// step of the saga back.
/// </summary>
internal sealed class ShopSystem : IAsyncDisposable
{
    private readonly List<ServiceHost> _hosts = [];

    private ShopSystem(StormlineKafka kafka) => Kafka = kafka;

    public StormlineKafka Kafka { get; }

    public ServiceHost? Orders { get; private set; }

    public ServiceHost? Payments { get; private set; }

    public ServiceHost? Deliveries { get; private set; }

    public static async Task<ShopSystem> Start(bool orders = true, bool payments = true, bool deliveries = true, params string[] settings)
    {
        var options = new StormlineKafkaOptions();
        foreach (var topic in new[] { "order-events", "payment-events", "delivery-events" })
        {
            options.Topics.Add(new TopicSpec(topic, 3));
            options.Topics.Add(new TopicSpec(topic + ".dlq", 1));
        }
        var system = new ShopSystem(await StormlineKafka.StartAsync(options));
        try
        {
            if (orders) await system.StartOrders(settings);
            if (payments) await system.StartPayments(settings);
            if (deliveries) await system.StartDeliveries(settings);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    public async Task StartOrders(params string[] settings) => Orders = await Add(a => OrdersApp.Build(a), settings);

    public async Task StartPayments(params string[] settings) => Payments = await Add(a => PaymentsApp.Build(a), ["PaymentGateway:Latency=00:00:00.001", .. settings]);

    public async Task StartDeliveries(params string[] settings) => Deliveries = await Add(a => DeliveriesApp.Build(a), settings);

    /// <summary>Another instance of a service next to the ones started already (a replica on the same PostgreSQL database).</summary>
    public Task<ServiceHost> StartReplica(Func<string[], Task<Microsoft.AspNetCore.Builder.WebApplication>> build, params string[] settings) => Add(build, settings);

    private async Task<ServiceHost> Add(Func<string[], Task<Microsoft.AspNetCore.Builder.WebApplication>> build, string[] settings)
    {
        var host = await ServiceHost.Start(build, Kafka.BootstrapServers, settings);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts)) await host.DisposeAsync();
        await Kafka.DisposeAsync();
    }
}
