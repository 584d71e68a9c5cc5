using Stormline.Clients;
using Stormline.Model.Elements;
using Stormline.Model.Generation;

namespace Stormline.Cli.Schemas;

/// <summary>
/// <c>stormline schema check|register</c> without the command line: each event's schema from the model is looked up in
/// its subject, and a changed one is tested against the subject's compatibility level; <c>register</c> then registers
/// them, but only when none would break (so a failed run leaves the registry as it was). Returns the exit code.
/// </summary>
public static class SchemaSync
{
    public static Task<int> RunAsync(EventModel model, SchemaFormat format, SubjectStrategy strategy, string registryUrl, bool register,
        TextWriter output, TextWriter error, TimeSpan timeout, ClientProperties? clients = null)
    {
        var command = register ? "schema register" : "schema check";
        return RegistryCalls.RunAsync(command, registryUrl, clients, timeout, error, async client =>
        {
            var schemas = EventSchemas.From(model, format, strategy, out var problem);
            if (problem is not null)
            {
                error.WriteLine($"stormline {command}: {problem}");
                return ExitCodes.Usage;
            }

            var verdicts = new List<SchemaVerdict>();
            foreach (var schema in schemas)
            {
                verdicts.Add(await CheckAsync(client, schema));
            }

            output.WriteLine($"{schemas.Count} event schemas ({format.ToString().ToUpperInvariant()}) of {model.Name} against {registryUrl}:");
            SchemaTable.PrintVerdicts(verdicts, output);
            var breaking = verdicts.Count(v => v.Kind == VerdictKind.Breaking);
            output.WriteLine($"{verdicts.Count(v => v.Kind == VerdictKind.Unchanged)} unchanged, {verdicts.Count(v => v.Kind == VerdictKind.Compatible)} compatible, "
                + $"{verdicts.Count(v => v.Kind == VerdictKind.New)} new, {breaking} breaking");
            if (breaking > 0)
            {
                error.WriteLine($"stormline {command}: {breaking} schema change(s) would break their subject's compatibility level"
                    + (register ? "; nothing was registered" : "") + "; keep old fields readable (add fields with defaults, keep required ones) or bump the event to a new name");
                return ExitCodes.Findings;
            }

            if (register)
            {
                var rows = new List<(EventSchema, int, int?, bool)>();
                foreach (var verdict in verdicts)
                {
                    var id = await client.RegisterAsync(verdict.Schema);
                    rows.Add((verdict.Schema, id, (await client.LookupAsync(verdict.Schema)).Version, verdict.Kind != VerdictKind.Unchanged));
                }

                output.WriteLine();
                SchemaTable.PrintRegistered(rows, output);
            }

            return ExitCodes.Ok;
        });
    }

    private static async Task<SchemaVerdict> CheckAsync(RegistryRestClient client, EventSchema schema)
    {
        var (exists, version) = await client.LookupAsync(schema);
        var level = await client.LevelAsync(schema.Subject);
        if (version is not null)
        {
            return new SchemaVerdict(schema, VerdictKind.Unchanged, version, level, []);
        }

        if (!exists)
        {
            return new SchemaVerdict(schema, VerdictKind.New, null, level, []);
        }

        var latest = await client.LatestVersionAsync(schema.Subject);
        var (compatible, messages) = await client.CheckAsync(schema);
        return compatible
            ? new SchemaVerdict(schema, VerdictKind.Compatible, latest, level, [])
            : new SchemaVerdict(schema, VerdictKind.Breaking, latest, level, SchemaTable.Reasons(messages));
    }
}
