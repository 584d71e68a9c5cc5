using System.CommandLine;
using Stormline.Cli.Drift;
using Stormline.Drift;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline model drift FILE --bootstrap HOST:PORT [--registry URL]</c>: where the running system has drifted from its model.</summary>
internal static class ModelDriftCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The model file, e.g. models/shop.storm.yaml." };
        var bootstrap = new Option<string>("--bootstrap", "-b") { Description = "The cluster, HOST:PORT.", Required = true };
        var registry = new Option<string?>("--registry", "-r") { Description = "The schema registry's URL (or schema.registry.url in --kafka-config-file); without one, subjects are not checked." };
        var sample = new Option<int>("--sample") { Description = "Records read from the end of each partition to find the event types in use.", DefaultValueFactory = _ => 100 };
        var idleAfter = new Option<int>("--idle-minutes") { Description = "A group with members counts as idle when its oldest unconsumed record is this many minutes old.", DefaultValueFactory = _ => 60 };
        var output = new Option<string>("--output", "-o") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("drift", "Report where the cluster and the registry have drifted from the model: event types the model does not have, model events never seen, "
            + "topics outside the plan and planned topics missing, idle consumer groups, subjects not in the model, schemas that differ. "
            + "Exit code 0 when clean, 1 when drift is found, 2 for a usage error, 3 when the cluster or the registry cannot be read.")
        {
            file, bootstrap, registry, sample, idleAfter, output,
        };
        var clientArguments = new ClientArguments(registry: true);
        clientArguments.AddTo(command);

        command.SetAction(async parse =>
        {
            var path = parse.GetValue(file)!;
            var clients = clientArguments.Read(parse, "model drift");
            if (clients is null)
            {
                return DriftRun.BadUsage;
            }

            if (parse.GetValue(sample) < 1 || parse.GetValue(idleAfter) < 1)
            {
                await Console.Error.WriteLineAsync("stormline model drift: --sample and --idle-minutes must be 1 or more");
                return DriftRun.BadUsage;
            }

            var registryUrl = parse.GetValue(registry) ?? clients.RegistryUrl;
            if (registryUrl is not null && (!Uri.TryCreate(registryUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                await Console.Error.WriteLineAsync($"stormline model drift: --registry {registryUrl} is not an http(s) URL; pass one such as http://127.0.0.1:8081");
                return DriftRun.BadUsage;
            }

            var (model, diagnostics, _) = ModelFile.Load("model drift", path);
            if (model is null)
            {
                return DriftRun.BadUsage; // exit 1 means drift, so an unreadable model is a usage error
            }

            if (diagnostics.Any(d => d.IsError))
            {
                ModelFile.Print(diagnostics.Where(d => d.IsError).ToList(), Console.Error);
                await Console.Error.WriteLineAsync($"stormline model drift: {path} has errors, so it cannot be compared; fix them (stormline model check {path}) and run again");
                return DriftRun.BadUsage;
            }

            var options = new DriftOptions
            {
                Bootstrap = parse.GetValue(bootstrap)!,
                RegistryUrl = registryUrl,
                Clients = clients,
                SamplePerPartition = parse.GetValue(sample),
                IdleAfter = TimeSpan.FromMinutes(parse.GetValue(idleAfter)),
            };
            return await DriftRun.RunAsync(model, path, options, parse.GetValue(output) == "json", Console.Out, Console.Error);
        });
        return command;
    }
}
