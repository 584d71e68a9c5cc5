using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Stormline.Clients;
using Stormline.OpsConsole;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline console</c>: the web console for any Kafka cluster (and its registry and event model) until Ctrl-C or SIGTERM.</summary>
internal static class ConsoleCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT].", DefaultValueFactory = _ => "127.0.0.1:9092" };
        var registry = new Option<string?>("--registry") { Description = "Schema registry URL, to decode Avro and JSON Schema values and browse subjects." };
        var model = new Option<string?>("--model") { Description = "The event model (*.storm.yaml) drawn on the event-model page with live rates." };
        var host = new Option<string>("--host") { Description = "Address to listen on; anything but loopback needs --token.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => 5100 }.Port();
        var token = new Option<string?>("--token") { Description = "Require 'Authorization: Bearer TOKEN' on every /api call and /metrics scrape." };
        var usersFile = new Option<string?>("--users-file") { Description = "Named bearer tokens with roles: one user a line, NAME viewer|operator sha256:HEX-OF-TOKEN." };
        var allowedHost = new Option<string[]>("--allowed-host") { Description = "A host name the console answers to besides loopback and --host (repeatable), e.g. the name operators browse to.", AllowMultipleArgumentsPerToken = false };
        var auditLog = new Option<string>("--audit-log") { Description = "JSON-lines file every action (offset reset, redrive, produce, topic and group change) is appended to (who, what, when, offsets).", DefaultValueFactory = _ => Path.Combine(".stormline", "console-audit.jsonl") };
        var readOnly = new Option<bool>("--read-only") { Description = "Hide every action (produce, topic and group changes, offset reset, redrive); their endpoints answer 403." };
        var mask = new Option<string[]>("--mask") { Description = "A JSON field path whose values are never shown (repeatable), e.g. --mask card.number.", AllowMultipleArgumentsPerToken = false };
        var maskTag = new Option<string[]>("--mask-tag")
        {
            Description = "A schema tag whose fields are never shown (repeatable; replaces the default PII): fields tagged in the registry's schemas (confluent:tags, "
                + "metadata.tags) or marked 'pii' in --model. --mask-tag none masks by path only.",
            AllowMultipleArgumentsPerToken = false,
        };
        var health = new Option<string[]>("--health") { Description = "NAME=URL of a service's health endpoint (repeatable); replaces the default orders/payments/deliveries on 5101-5103." };
        var webhook = new Option<string?>("--alert-webhook") { Description = "URL that receives firing and resolved alerts (Alertmanager webhook format)." };
        var poll = new Option<double>("--poll-seconds") { Description = "How often the collector snapshots the cluster for trends, lag statuses and alerts.", DefaultValueFactory = _ => 10 }.Between(0.1, 86_400);

        var command = new Command("console", "Run the Stormline console: overview, topics and messages, consumer groups, schemas, the event model with live rates, order journeys and dead letters.")
        {
            bootstrap, registry, model, host, port, token, usersFile, allowedHost, auditLog, readOnly, mask, maskTag, health, webhook, poll,
        };
        var clientArguments = new ClientArguments(registry: true);
        clientArguments.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (clientArguments.Read(parse, "console") is not { } clients)
            {
                return 2;
            }

            var options = new ConsoleOptions
            {
                BootstrapServers = parse.GetValue(bootstrap)!,
                Clients = clients,
                SchemaRegistryUrl = parse.GetValue(registry) ?? clients.RegistryUrl,
                ModelFile = parse.GetValue(model) is { } file ? Path.GetFullPath(file) : null,
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                Token = parse.GetValue(token),
                UsersFile = parse.GetValue(usersFile),
                AuditLogFile = Path.GetFullPath(parse.GetValue(auditLog)!),
                ReadOnly = parse.GetValue(readOnly),
                PollInterval = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(poll))),
            };
            foreach (var name in parse.GetValue(allowedHost) ?? [])
            {
                options.AllowedHosts.Add(name);
            }

            foreach (var path in parse.GetValue(mask) ?? [])
            {
                options.MaskedFields.Add(path);
            }

            if (parse.GetValue(maskTag) is { Length: > 0 } tags)
            {
                options.MaskedTags.Clear();
                foreach (var tag in tags.Where(t => !string.Equals(t, "none", StringComparison.OrdinalIgnoreCase)))
                {
                    options.MaskedTags.Add(tag);
                }
            }

            if (parse.GetValue(webhook) is { } hook)
            {
                if (!Uri.TryCreate(hook, UriKind.Absolute, out var webhookUri))
                {
                    return Fail($"--alert-webhook '{hook}' is not an absolute URL.");
                }

                options.AlertWebhook = webhookUri;
            }

            if (parse.GetValue(health) is { Length: > 0 } checks)
            {
                options.HealthChecks.Clear();
                foreach (var check in checks)
                {
                    var parts = check.Split('=', 2);
                    if (parts.Length != 2 || !Uri.TryCreate(parts[1], UriKind.Absolute, out _))
                    {
                        return Fail($"--health '{check}' must be NAME=URL, e.g. orders=http://127.0.0.1:5101/health.");
                    }

                    options.HealthChecks[parts[0]] = parts[1];
                }
            }

            if (options.ModelFile is { } modelFile && !File.Exists(modelFile))
            {
                return Fail($"--model {modelFile} does not exist; pass a *.storm.yaml (an example: models/shop.storm.yaml).");
            }

            using var loggerFactory = ConsoleLogging.Create();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

            ConsoleHost console;
            try
            {
                console = await ConsoleHost.StartAsync(options, loggerFactory, stop.Token);
            }
            catch (Exception ex) when (RefusedSetting.Is(ex))
            {
                return Fail(RefusedSetting.Describe(ex));
            }
            catch (Exception ex) when (ex is IOException or SocketException or FormatException or InvalidOperationException)
            {
                return Fail(ex.Message);
            }

            await using (console)
            {
                var open = options.Token is null ? console.Url : $"{console.Url}?token={Uri.EscapeDataString(options.Token)}";
                Console.WriteLine($"Stormline console: {open}");
                Console.WriteLine($"  Kafka {options.BootstrapServers} · registry {options.SchemaRegistryUrl ?? "(none: values shown undecoded)"} · model {options.ModelFile ?? "(none)"}");
                Console.WriteLine($"  {(options.ReadOnly ? "read-only" : "actions enabled")}{(options.MaskedFields.Count > 0 ? $" · masking {string.Join(", ", options.MaskedFields)}" : "")}{(options.MaskedTags.Count > 0 ? $" · masking fields tagged {string.Join(", ", options.MaskedTags)}" : "")} · metrics at {console.Url}metrics · Ctrl-C to stop");
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    loggerFactory.CreateLogger("stormline").LogInformation("Stopping the console");
                }
            }

            return 0;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"stormline console: {message}");
        return 2;
    }
}
