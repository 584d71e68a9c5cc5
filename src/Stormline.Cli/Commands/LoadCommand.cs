using System.CommandLine;
using Confluent.Kafka;
using Stormline.Cli.Load;
using Stormline.Clients;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline load</c>: orders through a running shop, with latency per saga stage and an invariant check at the end.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var orders = new Option<int>("--orders", "-n") { Description = "How many orders to create.", DefaultValueFactory = _ => 1000 };
        var rate = new Option<double>("--rate", "-r") { Description = "Orders per second offered.", DefaultValueFactory = _ => 100 };
        var target = new Option<string>("--target") { Description = "The Orders service's URL.", DefaultValueFactory = _ => "http://127.0.0.1:5101" };
        var payments = new Option<string>("--payments") { Description = "The Payments service's URL (for the invariant check).", DefaultValueFactory = _ => "http://127.0.0.1:5102" };
        var deliveries = new Option<string>("--deliveries") { Description = "The Deliveries service's URL (for the invariant check).", DefaultValueFactory = _ => "http://127.0.0.1:5103" };
        var bootstrap = new Option<string>("--bootstrap", "-b") { Description = "The Kafka cluster, HOST:PORT (events are timed there).", DefaultValueFactory = _ => "127.0.0.1:9092" };
        var decline = new Option<double>("--decline-percent") { Description = "Share of orders over the customer's limit (payment declined, order cancelled).", DefaultValueFactory = _ => 0 };
        var cancel = new Option<double>("--cancel-percent") { Description = "Share of orders the customer cancels right after creating them.", DefaultValueFactory = _ => 0 };
        var settle = new Option<int>("--settle-seconds") { Description = "How long to wait after the last order for every order to finish.", DefaultValueFactory = _ => 60 }.Between(0, 86_400);
        var inFlight = new Option<int>("--max-in-flight") { Description = "HTTP requests in flight at most.", DefaultValueFactory = _ => 256 };

        var command = new Command("load", "Drive orders through a running shop (stormline up) with a progress bar; print throughput, latency from order to DeliveryStarted per stage, and check the invariants (exit 1 when one fails).")
        {
            orders, rate, target, payments, deliveries, bootstrap, decline, cancel, settle, inFlight,
        };
        var clientArguments = new ClientArguments(registry: false);
        clientArguments.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (clientArguments.Read(parse, "load") is not { } clients)
            {
                return 2;
            }

            var options = new LoadOptions
            {
                Clients = clients,
                Orders = parse.GetValue(orders),
                Rate = parse.GetValue(rate),
                OrdersUrl = parse.GetValue(target)!.TrimEnd('/'),
                PaymentsUrl = parse.GetValue(payments)!.TrimEnd('/'),
                DeliveriesUrl = parse.GetValue(deliveries)!.TrimEnd('/'),
                BootstrapServers = parse.GetValue(bootstrap)!,
                DeclinePercent = parse.GetValue(decline),
                CancelPercent = parse.GetValue(cancel),
                SettleTimeout = TimeSpan.FromSeconds(parse.GetValue(settle)),
                MaxInFlight = parse.GetValue(inFlight),
            };
            if (options.Orders < 1 || options.Rate <= 0 || options.MaxInFlight < 1 || options.DeclinePercent is < 0 or > 100
                || options.CancelPercent is < 0 or > 100 || options.DeclinePercent + options.CancelPercent > 100)
            {
                await Console.Error.WriteLineAsync("stormline load: --orders, --rate and --max-in-flight must be > 0; --decline-percent and --cancel-percent within 0..100 and together ≤ 100");
                return 2;
            }

            using var stop = new StopSignals(cancellationToken);
            Console.WriteLine($"Sending {options.Orders} orders at {options.Rate:0}/s to {options.OrdersUrl}, timing events on {options.BootstrapServers} ...");
            try
            {
                var result = await new LoadRunner(options, Console.Out, !Console.IsOutputRedirected).RunAsync(stop.Token);
                result.Print(Console.Out);
                return result.Passed ? 0 : 1;
            }
            catch (Exception ex) when (RefusedSetting.Is(ex))
            {
                await Console.Error.WriteLineAsync($"stormline load: {RefusedSetting.Describe(ex)}");
                return 2;
            }
            catch (KafkaException ex)
            {
                await Console.Error.WriteLineAsync($"stormline load: cannot read the shop's topics on {options.BootstrapServers}: {ex.Error.Reason}. Is the shop up (stormline up)?");
                return ExitCodes.Unreachable;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("stormline load: stopped");
                return 130;
            }
        });
        return command;
    }
}
