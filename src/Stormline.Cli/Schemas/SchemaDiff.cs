using Stormline.Clients;
using Stormline.Model.Elements;
using Stormline.Model.Generation;
using Stormline.Registry.Checks;

namespace Stormline.Cli.Schemas;

/// <summary>
/// <c>stormline schema diff</c> without the command line: each event's schema from the model against the latest version
/// registered under its subject, as field-level changes with the levels each breaks and why (<see cref="SchemaChanges"/>,
/// the registry's own compatibility check). Exit code 0 when every event matches, 1 when any differs or is not
/// registered yet, 2 for bad usage, 3 when the registry cannot be asked.
/// </summary>
public static class SchemaDiff
{
    public static Task<int> RunAsync(EventModel model, SchemaFormat format, SubjectStrategy strategy, string registryUrl, string? onlyEvent,
        TextWriter output, TextWriter error, TimeSpan timeout, ClientProperties? clients = null) =>
        RegistryCalls.RunAsync("schema diff", registryUrl, clients, timeout, error, async client =>
        {
            var schemas = EventSchemas.From(model, format, strategy, out var problem);
            if (problem is not null)
            {
                error.WriteLine($"stormline schema diff: {problem}");
                return ExitCodes.Usage;
            }

            if (onlyEvent is not null)
            {
                schemas = [.. schemas.Where(s => s.Event == onlyEvent)];
                if (schemas.Count == 0)
                {
                    error.WriteLine($"stormline schema diff: the model has no event '{onlyEvent}'; see stormline model check for its events");
                    return ExitCodes.Usage;
                }
            }

            var differing = 0;
            foreach (var schema in schemas)
            {
                var registered = await client.LatestSchemaAsync(schema.Subject);
                if (registered is null)
                {
                    differing++;
                    output.WriteLine($"{schema.Subject}: not registered (the model's {schema.Event} is new)");
                    continue;
                }

                var (version, text, type) = registered.Value;
                if (type != schema.SchemaType)
                {
                    differing++;
                    output.WriteLine($"{schema.Subject}: version {version} is {type}, the model's {schema.Event} is {schema.SchemaType}: a new schema type, which every level refuses");
                    continue;
                }

                var changes = SchemaChanges.Between(type, text, schema.Schema);
                if (changes.Count == 0)
                {
                    output.WriteLine($"{schema.Subject}: same as version {version}");
                    continue;
                }

                differing++;
                output.WriteLine($"{schema.Subject}: version {version} → the model's {schema.Event}, subject level {await client.LevelAsync(schema.Subject)}");
                SchemaChangeReport.Write(changes, output);
            }

            output.WriteLine($"{schemas.Count - differing} same, {differing} different or new");
            return differing == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
}
