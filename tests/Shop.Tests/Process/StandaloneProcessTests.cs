using System.Net;
using Shop.Orders;
using Shop.Tests.Infrastructure;
using Stormline.Testing;

namespace Shop.Tests.Process;

/// <summary>
/// Each service runs as its own process from its build output, configured by environment variables, and stops cleanly
/// on SIGTERM. A broker of their own, so these processes never join the shared shop's consumer groups.
/// </summary>
public sealed class StandaloneProcessTests(StandaloneProcessTests.Broker broker) : IClassFixture<StandaloneProcessTests.Broker>
{
    public sealed class Broker : IAsyncLifetime
    {
        public StormlineKafka? Kafka { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var options = new StormlineKafkaOptions();
            foreach (var topic in new[] { "order-events", "payment-events", "delivery-events" })
            {
                options.Topics.Add(new TopicSpec(topic, 3));
                options.Topics.Add(new TopicSpec(topic + ".dlq", 1));
            }
            Kafka = await StormlineKafka.StartAsync(options);
        }

        public async ValueTask DisposeAsync()
        {
            if (Kafka is not null) await Kafka.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Shop.Orders")]
    [InlineData("Shop.Payments")]
    [InlineData("Shop.Deliveries")]
    public async Task Service_runs_as_a_process_prints_its_url_and_stops_on_sigterm(string project)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "shop-process-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var service = ServiceProcess.Start(project, broker.Kafka!.BootstrapServers, dataDir);
            await service.WaitUntilReady();
            Assert.True(File.Exists(Path.Combine(dataDir, "events.db")));

            await service.Terminate();

            Assert.Equal(0, service.ExitCode);
            Assert.Contains($"{project} stopped", service.Output, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Payments_killed_with_sigkill_and_restarted_resumes_and_charges_nobody_twice()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "shop-process-" + Guid.NewGuid().ToString("N"));
        await using var orders = await ServiceHost.Start(a => OrdersApp.Build(a), broker.Kafka!.BootstrapServers);
        try
        {
            int port;
            string first;
            using (var payments = ServiceProcess.Start("Shop.Payments", broker.Kafka.BootstrapServers, dataDir))
            {
                port = payments.Port;
                await payments.WaitUntilReady();
                var api = new ShopApi(() => orders.Http, () => payments.Http, () => throw new InvalidOperationException("no Deliveries here"));
                first = await api.PlaceOrder(ShopApi.NewCustomer());
                await api.WaitForOrder(first, "Paid");
                await payments.Kill();
            }

            // Placed while Payments is down; the restarted process (same data folder, same port) takes it up.
            using var restarted = ServiceProcess.Start("Shop.Payments", broker.Kafka.BootstrapServers, dataDir, port);
            var again = new ShopApi(() => orders.Http, () => restarted.Http, () => throw new InvalidOperationException("no Deliveries here"));
            var second = await again.PlaceOrder(ShopApi.NewCustomer());
            await restarted.WaitUntilReady();
            await again.WaitForOrder(second, "Paid");

            foreach (var orderId in new[] { first, second })
            {
                var payment = await again.Payment(orderId);
                Assert.Equal(["PaymentCompleted"], ShopApi.History(payment));
            }
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }
}
