using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stormline.Cli.Projections;

namespace Stormline.Cli.Commands;

/// <summary>
/// <c>stormline forget --subject customer-42</c>: crypto-shreds a data subject in running services (their
/// <c>POST /stormline/personal-data/forget</c>), optionally followed by a rebuild of every read model.
/// </summary>
internal static class ForgetCommand
{
    public static Command Create()
    {
        var subject = new Option<string>("--subject", "-s") { Description = "The data subject, as the model's 'subject:' field holds it (e.g. the user id customer-42).", Required = true };
        var service = new Option<string[]>("--service")
        {
            Description = $"A service to erase in (repeatable): its URL (http://host:port) or a shop service's name ({ServiceUrl.Known}); default: all of them.",
            AllowMultipleArgumentsPerToken = false,
        };
        var reason = new Option<string?>("--reason") { Description = "Why, for the erasure log (e.g. a ticket number)." };
        var rebuild = new Option<bool>("--rebuild") { Description = "Then start a rebuild of every read model of each service, so their copies read as erased too (follow with 'stormline projections rebuild')." };
        var command = new Command("forget",
            "Erase a data subject's personal data: each service deletes the subject's data keys, after which replays, read-model rebuilds, the console and "
            + "newly published messages show its 'pii' fields as erased; the events themselves stay as they were. Logged by each service. "
            + "Exit 0 when every service erased; 2 for a missing subject or an unknown service; 3 when a service cannot be reached or fails.")
        {
            subject, service, reason, rebuild,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var who = parse.GetValue(subject)!.Trim();
            if (who.Length == 0)
            {
                await Console.Error.WriteLineAsync("stormline forget: --subject is empty; name the data subject, e.g. --subject customer-42");
                return ExitCodes.Usage;
            }

            var names = parse.GetValue(service) is { Length: > 0 } given ? given : [.. Up.ShopService.Defaults().Select(s => s.Key)];
            var urls = new List<Uri>();
            foreach (var name in names)
            {
                if (ServiceUrl.Resolve(name) is not { } url)
                {
                    await Console.Error.WriteLineAsync($"stormline forget: '{name}' is neither an http(s) URL nor one of {ServiceUrl.Known}");
                    return ExitCodes.Usage;
                }

                urls.Add(url);
            }

            var exit = ExitCodes.Ok;
            foreach (var url in urls)
            {
                var where = url.GetLeftPart(UriPartial.Authority);
                using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
                try
                {
                    var answer = await http.PostAsJsonAsync("stormline/personal-data/forget", new { subject = who, reason = parse.GetValue(reason) }, cancellationToken);
                    var body = await ServiceJson.Read(answer, cancellationToken);
                    if (answer.StatusCode != HttpStatusCode.OK)
                    {
                        await Console.Error.WriteLineAsync($"stormline forget: {where} answered {(int)answer.StatusCode}: {body?["detail"] ?? body?["title"] ?? "is it a Stormline service?"}");
                        exit = ExitCodes.Unreachable;
                        continue;
                    }

                    var events = body?["protectedEvents"]?.AsArray().Select(e => (string?)e).ToList() ?? [];
                    Console.WriteLine($"{where}: {body?["keysDeleted"]} key(s) of {who} deleted; "
                        + (events.Count == 0 ? "this service stores no personal data" : $"its personal fields in {string.Join(", ", events)} now read as erased"));
                    if (parse.GetValue(rebuild)) await Rebuild(http, where, cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    await Console.Error.WriteLineAsync($"stormline forget: {where} cannot be reached: {e.Message}");
                    exit = ExitCodes.Unreachable;
                }
            }

            return exit;
        });
        return command;
    }

    private static async Task Rebuild(HttpClient http, string where, CancellationToken cancellationToken)
    {
        var models = await http.GetFromJsonAsync<JsonArray>("stormline/read-models", cancellationToken) ?? [];
        foreach (var name in models.Select(m => (string?)m?["readModel"]).OfType<string>())
        {
            var started = await http.PostAsync($"stormline/read-models/{Uri.EscapeDataString(name)}/rebuild", null, cancellationToken);
            Console.WriteLine(started.StatusCode == HttpStatusCode.Conflict ? $"{where}: a rebuild of {name} is already running" : $"{where}: rebuilding {name} ({(int)started.StatusCode})");
        }
    }
}
