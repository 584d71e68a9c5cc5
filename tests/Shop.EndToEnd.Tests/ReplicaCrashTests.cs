using Shop.Tests.Infrastructure;
using Stormline.Cli.Load;
using Stormline.Cli.Up;

namespace Shop.EndToEnd.Tests;

/// <summary>
/// Two replicas of every service as real processes on PostgreSQL (a schema per service), the broker and registry in
/// this process. Mid-load one replica of each service is SIGKILLed and not restarted: the survivors take over its
/// partitions (after its session times out), the outbox relay and the projections (after their leases expire), and
/// every order still ends as it must, charged once in the gateway's own ledger, each read model equal to a replay.
/// </summary>
public sealed class ReplicaCrashTests
{
    private static readonly (string Name, string Project)[] Services = [("Orders", "Shop.Orders"), ("Payments", "Shop.Payments"), ("Deliveries", "Shop.Deliveries")];

    [Fact]
    public async Task Every_order_ends_as_it_must_when_one_replica_of_each_service_is_killed_on_postgres()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        var replicas = new List<(ShopService Service, ChildProcess Process)>();
        var passed = false;
        try
        {
            await using var postgres = await PostgresServer.Start();
            // The shop's infrastructure alone: broker, registry, topics from the model; the services come next, twice each.
            await using var system = await ShopSystem.StartAsync(Repository.Options(data) with { Services = [] }, Repository.Layout, log.Output,
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TestContext.Current.CancellationToken);
            try
            {
                var ports = PortGuard.FreePorts(Services.Length * 2);
                var ledger = Path.Combine(data, "gateway.db");
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                for (var s = 0; s < Services.Length; s++)
                {
                    // Six replicas share the server's 100 connections: each replica's one pool is sized to fit.
                    var connection = await postgres.CreateSchema(Services[s].Name.ToLowerInvariant()) + ";Maximum Pool Size=12";
                    for (var r = 0; r < 2; r++)
                    {
                        var service = new ShopService(Services[s].Name, Services[s].Project, ports[s * 2 + r]);
                        var settings = new Dictionary<string, string>
                        {
                            ["Store__Provider"] = "postgres",
                            ["Store__ConnectionString"] = connection,
                            ["Store__DataDir"] = Path.Combine(data, $"{service.Key}-{r}"),
                            ["Kafka__InstanceId"] = $"{service.Key}-{r}",
                            ["PaymentGateway__LedgerPath"] = ledger,
                            // A killed consumer keeps its partitions until its session times out (10 s) and the orders in
                            // flight wait for it: the payment deadline must outlast that on a loaded machine.
                            ["Orders__PaymentDeadline"] = "00:01:30",
                        };
                        var environment = ServiceEnvironment.For(service, system.BootstrapServers, system.RegistryUrl, system.SchemaFormat, data, settings);
                        var process = ChildProcess.Start($"{service.Key}-{r}", DotnetHost.Path, [Repository.Layout.Assembly(service)], environment, Repository.Layout.Root, log.Output);
                        replicas.Add((service, process));
                    }
                }
                foreach (var (service, process) in replicas)
                {
                    var failure = await Readiness.WaitAsync(http, service, process, TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
                    Assert.True(failure is null, failure);
                }

                // HTTP and the checks go to the second replicas; the first ones are killed halfway.
                var survivors = replicas.Where((_, i) => i % 2 == 1).Select(r => r.Service).ToArray();
                var victims = replicas.Where((_, i) => i % 2 == 0).Select(r => r.Process).ToArray();
                var load = new LoadOptions
                {
                    Orders = 300,
                    Rate = 60,
                    DeclinePercent = 10,
                    CancelPercent = 10,
                    OrdersUrl = survivors[0].Url,
                    PaymentsUrl = survivors[1].Url,
                    DeliveriesUrl = survivors[2].Url,
                    BootstrapServers = system.BootstrapServers,
                    SettleTimeout = TimeSpan.FromSeconds(150),
                };
                var killed = false;
                var runner = new LoadRunner(load, log.Writer, interactive: false)
                {
                    AtHalfway = async () =>
                    {
                        await Task.WhenAll(victims.Select(v => v.KillAsync()));
                        killed = true;
                        log.Output.Say($"test: {string.Join(", ", victims.Select(v => $"{v.Name} (pid {v.Id})"))} SIGKILLed mid-run; not restarted");
                    },
                };

                var result = await runner.RunAsync(TestContext.Current.CancellationToken);
                result.Print(log.Writer);

                Assert.True(killed, "the first replicas were not killed");
                Assert.All(victims, v => Assert.True(v.HasExited, $"{v.Name} is still running"));
                Assert.Equal(0, result.Errors);
                Assert.Equal(0, result.Unfinished);
                Assert.All(result.Invariants, i => Assert.True(i.Holds, i.ToString()));
                Assert.Contains(result.Invariants, i => i.Name.Contains("gateway", StringComparison.Ordinal));
                Assert.Contains(result.Invariants, i => i.Name.Contains("replay", StringComparison.Ordinal));
                // The survivors ran throughout, so each one's CPU over the run came from its /metrics.
                Assert.NotNull(result.CpuPerOrder);
                passed = true;
            }
            finally
            {
                await StopAll(replicas); // before the database and the broker go
            }
        }
        finally
        {
            if (!passed)
            {
                // Six processes' output outgrows the test's tail (shown below); the whole of it is kept for diagnosis.
                var saved = Path.Combine(Path.GetTempPath(), $"replica-crash-{DateTime.UtcNow:yyyyMMddTHHmmss}.log");
                File.WriteAllText(saved, log.Text);
                log.Output.Say($"test: the whole output is in {saved}");
            }
            log.Flush();
            Repository.Delete(data);
        }
    }

    private static async Task StopAll(List<(ShopService Service, ChildProcess Process)> replicas)
    {
        foreach (var (_, process) in replicas) await process.DisposeAsync();
        replicas.Clear();
    }
}
