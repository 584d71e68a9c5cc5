using Stormline.Model.Generation;
using System.CommandLine;
using Stormline.Cli.Schemas;
using Stormline.Cli.Up;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline up</c>: the whole reference system on this machine until Ctrl-C or SIGTERM.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the broker's logs, the registry and each service's store (kept between runs).", DefaultValueFactory = _ => ".stormline" };
        var noConsole = new Option<bool>("--no-console") { Description = "Do not start the web console." };
        var secure = new Option<bool>("--secure") { Description = "Run the broker on SASL_SSL only: a CA made at start, SCRAM-SHA-512 users for the services, client settings in <data-dir>/secure." };
        var build = new Option<bool>("--build") { Description = "Rebuild the services (dotnet build -c Release) even when they are built." };
        var brokerPort = PortOption("--broker-port", "the Kafka broker", 9092);
        var registryPort = PortOption("--registry-port", "the schema registry", 8081);
        var ordersPort = PortOption("--orders-port", "the Orders service", 5101);
        var paymentsPort = PortOption("--payments-port", "the Payments service", 5102);
        var deliveriesPort = PortOption("--deliveries-port", "the Deliveries service", 5103);
        var consolePort = PortOption("--console-port", "the web console", 5100);
        var schemaFormat = new Option<string>("--schema-format") { Description = "Which of the model's schemas to register and write every event with: avro (binary) or json (JSON Schema), both in Confluent's wire format.", DefaultValueFactory = _ => "avro" };
        schemaFormat.AcceptOnlyFromAmong("avro", "json");

        var command = new Command("up", "Run the shop: embedded broker, schema registry, topics from models/shop.storm.yaml, and the Orders, Payments and Deliveries services as processes, until Ctrl-C or SIGTERM.")
        {
            dataDir, noConsole, secure, build, brokerPort, registryPort, ordersPort, paymentsPort, deliveriesPort, consolePort, schemaFormat,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var layout = RepositoryLayout.Find();
            if (layout is null)
            {
                await Console.Error.WriteLineAsync("stormline up: no Stormline.slnx above the current folder; run it from the repository (cd into the clone first)");
                return 2;
            }

            var options = new UpOptions
            {
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                StartConsole = !parse.GetValue(noConsole),
                ConsolePort = parse.GetValue(consolePort),
                Build = parse.GetValue(build),
                Secure = parse.GetValue(secure),
                BrokerPort = parse.GetValue(brokerPort),
                RegistryPort = parse.GetValue(registryPort),
                Services = ShopService.Defaults(parse.GetValue(ordersPort), parse.GetValue(paymentsPort), parse.GetValue(deliveriesPort)),
                SchemaFormat = parse.GetValue(schemaFormat) == "json" ? SchemaFormat.Json : SchemaFormat.Avro,
            };
            return await RunAsync(options, layout, cancellationToken);
        });
        return command;
    }

    private static Option<int> PortOption(string name, string what, int port) =>
        new Option<int>(name) { Description = $"Port of {what}.", DefaultValueFactory = _ => port }.Port();

    private static async Task<int> RunAsync(UpOptions options, RepositoryLayout layout, CancellationToken cancellationToken)
    {
        using var stop = new StopSignals(cancellationToken);
        // Every service joins groups at start and leaves at stop: the coordinator's step-by-step lines would drown the services' own.
        using var loggerFactory = ConsoleLogging.Create("Stormline.Broker.Groups");
        var output = new PrefixedOutput(Console.Out);

        Directory.CreateDirectory(options.DataDirectory);
        output.Say($"Starting the shop (data: {options.DataDirectory}) ...");
        ShopSystem system;
        try
        {
            system = await ShopSystem.StartAsync(options, layout, output, loggerFactory, stop.Token);
        }
        catch (UpException ex)
        {
            await Console.Error.WriteLineAsync($"stormline up: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("stormline up: stopped before the system was up");
            return 130;
        }

        await using (system)
        {
            output.Say($"{Environment.NewLine}The shop is up:{Environment.NewLine}{UrlTable.Format(UrlTable.Rows(system, options.DataDirectory))}");
            output.Say($"Try: curl -s -X POST {options.Services[0].Url}/orders -H 'content-type: application/json' -d '{{\"customerId\":\"c-1\",\"lines\":[{{\"sku\":\"book-1\",\"quantity\":2,\"unitPrice\":12.50}}]}}'");
            output.Say("Ctrl-C stops everything.");
            await WatchAsync(system, output, stop.Token);
            output.Say("Stopping the services, the registry and the broker ...");
        }

        output.Say("Stopped.");
        return 0;
    }

    /// <summary>Waits for the stop signal, saying loudly when a service exits by itself (it is not restarted).</summary>
    private static async Task WatchAsync(ShopSystem system, PrefixedOutput output, CancellationToken stop)
    {
        var watched = system.Processes.ToList();
        var stopped = Task.Delay(Timeout.Infinite, stop);
        while (!stop.IsCancellationRequested)
        {
            var exits = watched.Select(p => p.Exited).ToList();
            var done = await Task.WhenAny(exits.Append(stopped));
            if (done == stopped)
            {
                return;
            }

            var exited = watched[exits.IndexOf(done)];
            watched.Remove(exited);
            if (!exited.Stopping)
            {
                output.Say($"stormline up: {exited.Name} exited with code {exited.ExitCode} and was NOT restarted; the rest keeps running. "
                    + "Its last lines are above; press Ctrl-C and run stormline up again to restart it.");
            }
        }
    }
}
