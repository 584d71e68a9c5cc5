using System.Net.Http.Json;
using System.Text.Json;
using Stormline.Cli.Load;
using Stormline.Cli.Up;

namespace Shop.EndToEnd.Tests;

/// <summary>
/// Issue 6's check: the embedded broker in this process, the three services as real processes, 200 orders with declines
/// and cancellations; Payments is SIGKILLed mid-run and started again; every order still ends as it must and no order
/// is charged twice.
/// </summary>
public sealed class SagaUnderPaymentsCrashTests
{
    [Fact]
    public async Task Two_hundred_orders_end_in_their_expected_states_when_payments_is_killed_and_restarted()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        try
        {
            await using var system = await StartShop(data, log);
            var payments = system.Process("Payments");
            var killedPid = payments.Id;
            var load = ShopLoad.For(system, orders: 200, rate: 50);
            var restarted = false;
            var runner = new LoadRunner(load, log.Writer, interactive: false)
            {
                AtHalfway = async () =>
                {
                    await payments.KillAsync();
                    log.Output.Say($"test: Payments (pid {killedPid}) SIGKILLed mid-run");
                    await system.StartServiceAsync("Payments", CancellationToken.None);
                    restarted = true;
                    log.Output.Say($"test: Payments restarted (pid {system.Process("Payments").Id})");
                },
            };

            var result = await runner.RunAsync(TestContext.Current.CancellationToken);
            result.Print(log.Writer);

            Assert.True(restarted, "the Payments process was not restarted");
            Assert.NotEqual(killedPid, system.Process("Payments").Id);
            Assert.Equal(0, result.Errors);
            Assert.Equal(0, result.Unfinished);
            Assert.All(result.Invariants, i => Assert.True(i.Holds, i.ToString()));

            // The mix really happened: some orders were declined, some cancelled, the rest shipped.
            Assert.Contains(result.Traces, t => t.Kind == OrderKind.Declined);
            Assert.Contains(result.Traces, t => t.Kind == OrderKind.Cancelled && t.CancelStatus is >= 200 and < 300);

            // Independent of the runner's own checks: read every order back and every paid order's payment.
            using var http = new HttpClient();
            foreach (var trace in result.Traces)
            {
                var order = await http.GetFromJsonAsync<JsonElement>($"{load.OrdersUrl}/orders/{trace.OrderId}");
                Assert.Contains(order.GetProperty("status").GetString(), InvariantCheck.Expected(trace));
                Assert.True(trace.DistinctCount("PaymentCompleted") <= 1, $"{trace.OrderId} was charged {trace.DistinctCount("PaymentCompleted")} times");
                if (trace.Kind == OrderKind.Normal)
                {
                    Assert.Equal(1, trace.DistinctCount("PaymentCompleted"));
                }
            }
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    [Fact]
    public async Task Every_order_ends_as_it_must_when_all_three_services_are_killed_at_once_and_restarted()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        try
        {
            await using var system = await StartShop(data, log);
            string[] services = ["Orders", "Payments", "Deliveries"];
            var killed = services.ToDictionary(s => s, s => system.Process(s).Id);
            var load = ShopLoad.For(system, orders: 300, rate: 100);
            var runner = new LoadRunner(load, log.Writer, interactive: false)
            {
                AtHalfway = async () =>
                {
                    await Task.WhenAll(services.Select(s => system.Process(s).KillAsync()));
                    log.Output.Say("test: Orders, Payments and Deliveries SIGKILLed mid-run");
                    foreach (var service in services) await system.StartServiceAsync(service, CancellationToken.None);
                },
            };

            var result = await runner.RunAsync(TestContext.Current.CancellationToken);
            result.Print(log.Writer);

            Assert.All(services, s => Assert.NotEqual(killed[s], system.Process(s).Id));
            Assert.Equal(0, result.Unfinished);
            // Orders sent while Orders was down fail (connection refused) and are not part of the run; the rest must
            // hold every invariant, including "charged once" in the gateway's own ledger.
            Assert.All(result.Invariants, i => Assert.True(i.Holds, i.ToString()));
            Assert.Contains(result.Invariants, i => i.Name.Contains("gateway", StringComparison.Ordinal));
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    /// <summary>
    /// The shop as processes. A SIGKILLed consumer may stay in its group until its session times out
    /// (Kafka:ConsumerSessionTimeout, 10 s), and on a loaded machine a start can take as long again: the payment
    /// deadline must outlast both, or the orders in flight are (correctly) cancelled as unanswered.
    /// </summary>
    private static Task<ShopSystem> StartShop(string data, TestOutput log) =>
        ShopSystem.StartAsync(Repository.Options(data) with { ServiceSettings = new Dictionary<string, string> { ["Orders__PaymentDeadline"] = "00:01:30" } },
            Repository.Layout, log.Output, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TestContext.Current.CancellationToken);
}
