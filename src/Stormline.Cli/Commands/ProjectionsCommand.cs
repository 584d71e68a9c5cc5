using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stormline.Cli.Projections;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline projections rebuild</c>: rebuild a service's read model without downtime and follow it to the swap.</summary>
internal static class ProjectionsCommand
{
    public static Command Create() => new("projections", "A running service's projections (read models).")
    {
        Rebuild(),
    };

    private static Command Rebuild()
    {
        var service = new Argument<string>("service") { Description = $"The service: its URL (http://host:port) or a shop service's name ({ServiceUrl.Known}) at its stormline up port." };
        var readModel = new Argument<string>("read-model") { Description = "The read model's name, e.g. order_summaries (GET /stormline/read-models on the service lists them)." };
        var noFollow = new Option<bool>("--no-follow") { Description = "Start the rebuild and return; follow it later with GET /stormline/read-models/<name>/rebuild." };
        var timeout = new Option<int>("--timeout-seconds") { Description = "How long to follow the rebuild before giving up (it goes on in the service).", DefaultValueFactory = _ => 3600 }.Between(1, 7 * 86_400);
        var command = new Command("rebuild",
            "Rebuild a read model from the start of the log beside the live one, with progress (events/s, ETA); queries read the live version until the "
            + "rebuilt one has caught up and is swapped in, then the old one is dropped. Exit 0 once swapped in; 2 for an unknown service or read model; "
            + "3 when the service cannot be reached or fails.")
        {
            service, readModel, noFollow, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(readModel)!;
            if (ServiceUrl.Resolve(parse.GetValue(service)!) is not { } url)
            {
                await Console.Error.WriteLineAsync($"stormline projections rebuild: '{parse.GetValue(service)}' is neither an http(s) URL nor one of {ServiceUrl.Known}");
                return ExitCodes.Usage;
            }

            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new StopSignals(cancellationToken);
            var path = $"stormline/read-models/{Uri.EscapeDataString(name)}/rebuild";
            var started = await http.PostAsync(path, null, stop.Token);
            var body = await ServiceJson.Read(started, stop.Token);
            switch (started.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    Console.WriteLine($"Rebuilding {name} on {url.GetLeftPart(UriPartial.Authority)}: version {body?["targetVersion"]} replays the log beside live version {body?["activeVersion"]}.");
                    break;
                case HttpStatusCode.Conflict:
                    Console.WriteLine($"A rebuild of {name} is already running; following it.");
                    break;
                case HttpStatusCode.NotFound:
                    await Console.Error.WriteLineAsync($"stormline projections rebuild: {body?["detail"] ?? $"{url} has no read model '{name}' (404); is it a Stormline service?"}");
                    return ExitCodes.Usage;
                default:
                    await Console.Error.WriteLineAsync($"stormline projections rebuild: the service answered {(int)started.StatusCode}: {body?["detail"] ?? body?["title"]}");
                    return ExitCodes.Unreachable;
            }

            if (parse.GetValue(noFollow))
            {
                return ExitCodes.Ok;
            }

            var line = new RebuildLine(Console.Out, !Console.IsOutputRedirected);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(parse.GetValue(timeout));
            try
            {
                while (true)
                {
                    var progress = (await http.GetFromJsonAsync<JsonObject>(path, stop.Token))!;
                    if ((string?)progress["state"] == "idle")
                    {
                        line.End();
                        var version = (int)progress["activeVersion"]!;
                        Console.WriteLine($"{name}: version {version} is live at position {progress["position"]} after {clock.Elapsed.TotalSeconds:0.0} s; version {version - 1} dropped.");
                        return ExitCodes.Ok;
                    }

                    line.Draw(progress);
                    if (clock.Elapsed > deadline)
                    {
                        line.End();
                        await Console.Error.WriteLineAsync($"stormline projections rebuild: still rebuilding after {deadline.TotalSeconds:0} s ({progress["percent"]}%); it goes on in the service");
                        return ExitCodes.Unreachable;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                line.End();
                await Console.Error.WriteLineAsync("stormline projections rebuild: stopped following; the rebuild goes on in the service");
                return 130;
            }
        });
        return command;
    }
}
