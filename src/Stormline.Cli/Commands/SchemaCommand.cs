using System.CommandLine;
using Stormline.Cli.Schemas;
using Stormline.Model.Generation;

namespace Stormline.Cli.Commands;

/// <summary>
/// <c>stormline schema check|register|diff --registry URL --model FILE</c>: the model's event schemas against a schema
/// registry, for CI; <c>stormline schema compat</c>: the compatibility levels those checks use. All reach a secured
/// registry with the same credentials and CA options as the other commands (<see cref="ClientArguments"/>).
/// </summary>
internal static class SchemaCommand
{
    private const string DefaultRegistry = "http://127.0.0.1:8081";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Command Create() => new("schema", "Check the model's event schemas against a schema registry's compatibility levels (check), register them (register), show how they differ from what is registered (diff), or read and set the levels (compat).")
    {
        Sub("check", "Print each event's subject, the version it is compared with and the verdict, with the reasons for a breaking change. Exit code 1 if any change would break (for CI), 3 if the registry cannot be asked.", register: false),
        Sub("register", "Check first; if nothing would break, register every event's schema and print the ids. Registers nothing when a change would break (exit code 1).", register: true),
        Sub("diff", "Show how each event's schema from the model differs from the latest registered version of its subject, field by field (added, removed, renamed, type or default changed, with the path) and which levels (BACKWARD, FORWARD, FULL) each change breaks and why, from the registry's own compatibility check. Exit code 1 if any differs or is not registered, 3 if the registry cannot be asked.", register: false, diff: true),
        Compat(),
    };

    private static Option<string?> RegistryOption() =>
        new("--registry", "-r") { Description = $"The schema registry's URL; default schema.registry.url from --kafka-config-file, else {DefaultRegistry}." };

    private static Command Sub(string name, string description, bool register, bool diff = false)
    {
        var registry = RegistryOption();
        var model = new Option<string>("--model", "-m") { Description = "The model file, e.g. models/shop.storm.yaml.", Required = true };
        var format = new Option<string>("--format") { Description = "Which generated schema to use: json (JSON Schema draft-07, as in the AsyncAPI document) or avro (what the services write under stormline up unless --schema-format json).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "avro");
        var strategy = new Option<string>("--subject-strategy") { Description = "Subject names as Confluent's strategies compute them: topic-record (<topic>-<full record name>: the Avro namespace.Name, the JSON Schema title; the default), topic (<topic>-value, one event type per topic) or record (the full record name).", DefaultValueFactory = _ => "topic-record" };
        strategy.AcceptOnlyFromAmong("topic-record", "topic", "record");
        var onlyEvent = new Option<string?>("--event") { Description = "Only this event (diff)." };
        var clientArguments = new ClientArguments(registry: true);
        var command = new Command(name, description) { registry, model, format, strategy };
        if (diff)
        {
            command.Options.Add(onlyEvent);
        }

        clientArguments.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            if (clientArguments.Read(parse, $"schema {name}") is not { } clients)
            {
                return ExitCodes.Usage;
            }

            var path = parse.GetValue(model)!;
            var (loaded, diagnostics, exitCode) = ModelFile.Load($"schema {name}", path);
            if (loaded is null)
            {
                return exitCode;
            }

            if (diagnostics.Any(d => d.IsError))
            {
                ModelFile.Print(diagnostics.Where(d => d.IsError).ToList(), Console.Error);
                Console.Error.WriteLine($"stormline schema {name}: {path} has errors, so no schema was made; fix them (stormline model check {path}) and run again");
                return ExitCodes.Findings;
            }

            var schemaFormat = parse.GetValue(format) == "avro" ? SchemaFormat.Avro : SchemaFormat.Json;
            var subjects = parse.GetValue(strategy) switch
            {
                "topic" => SubjectStrategy.Topic,
                "record" => SubjectStrategy.Record,
                _ => SubjectStrategy.TopicRecord,
            };
            var url = parse.GetValue(registry) ?? clients.RegistryUrl ?? DefaultRegistry;
            return diff
                ? await SchemaDiff.RunAsync(loaded, schemaFormat, subjects, url, parse.GetValue(onlyEvent), Console.Out, Console.Error, Timeout, clients)
                : await SchemaSync.RunAsync(loaded, schemaFormat, subjects, url, register, Console.Out, Console.Error, Timeout, clients);
        });
        return command;
    }

    private static Command Compat()
    {
        var registry = RegistryOption();
        var subject = new Argument<string?>("subject")
        {
            Description = "The subject, e.g. order-events-shop.order.OrderCreated (stormline schema check lists them); without one, the registry's global level.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var set = new Option<string?>("--set") { Description = $"Set the level: {string.Join(", ", SchemaCompat.Levels)} (needs an admin user on a secured registry)." };
        var clear = new Option<bool>("--clear") { Description = "Drop the subject's own level so the global one applies again (without a subject: reset the global level to the registry's default)." };
        var clientArguments = new ClientArguments(registry: true);
        var command = new Command("compat", "Print a subject's compatibility level and where it comes from (set on the subject, or the global level), or set or clear it. "
            + "The level decides which schema changes check and register accept. Exit code 2 for a level that does not exist, 3 if the registry cannot be asked or refuses.")
        {
            subject, registry, set, clear,
        };
        clientArguments.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            if (clientArguments.Read(parse, "schema compat") is not { } clients)
            {
                return ExitCodes.Usage;
            }

            var url = parse.GetValue(registry) ?? clients.RegistryUrl ?? DefaultRegistry;
            return await SchemaCompat.RunAsync(url, parse.GetValue(subject), parse.GetValue(set), parse.GetValue(clear), Console.Out, Console.Error, Timeout, clients);
        });
        return command;
    }
}
