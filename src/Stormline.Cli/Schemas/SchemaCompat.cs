using Stormline.Clients;

namespace Stormline.Cli.Schemas;

/// <summary>
/// <c>stormline schema compat</c> without the command line: reads, sets or clears a subject's compatibility level (or
/// the registry's global one) over <c>GET|PUT|DELETE /config[/{subject}]</c>, saying where the level in force comes from.
/// </summary>
public static class SchemaCompat
{
    /// <summary>Confluent's levels, as <c>PUT /config</c> takes them.</summary>
    public static readonly IReadOnlyList<string> Levels =
        ["BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE"];

    public static Task<int> RunAsync(string registryUrl, string? subject, string? setLevel, bool clear, TextWriter output, TextWriter error, TimeSpan timeout,
        ClientProperties? clients = null)
    {
        if (setLevel is not null && clear)
        {
            error.WriteLine("stormline schema compat: --set and --clear exclude each other; set a level or clear the subject's own one");
            return Task.FromResult(ExitCodes.Usage);
        }

        var level = setLevel?.Trim().ToUpperInvariant();
        if (level is not null && !Levels.Contains(level))
        {
            error.WriteLine($"stormline schema compat: --set {setLevel} is not a compatibility level; use one of {string.Join(", ", Levels)}");
            return Task.FromResult(ExitCodes.Usage);
        }

        var name = subject ?? "(global)";
        return RegistryCalls.RunAsync("schema compat", registryUrl, clients, timeout, error, async client =>
        {
            var before = await DescribeAsync(client, subject);
            if (level is not null)
            {
                var now = await client.SetLevelAsync(subject, level);
                output.WriteLine($"{name}: {now}{(subject is null ? "" : " (set on the subject)")}, was {before}");
            }
            else if (clear && (subject is null || await client.OwnLevelAsync(subject) is not null))
            {
                await client.ClearLevelAsync(subject);
                output.WriteLine($"{name}: {await DescribeAsync(client, subject)}, was {before}");
            }
            else
            {
                output.WriteLine($"{name}: {before}" + (clear ? "; nothing to clear" : ""));
            }

            return ExitCodes.Ok;
        });
    }

    private static async Task<string> DescribeAsync(RegistryRestClient client, string? subject) =>
        await client.OwnLevelAsync(subject) is { } own
            ? subject is null ? own : $"{own} (set on the subject)"
            : $"{await client.OwnLevelAsync(null)} (the global level; the subject sets none)";
}
