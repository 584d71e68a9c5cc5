using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Stormline.Registry;
using Stormline.Registry.Security;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline registry</c>: the Confluent-compatible schema registry as a standalone process.</summary>
internal static class RegistryCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => 8081 }.Port();
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the registry's log of schemas and configs (when no --bootstrap is given).", DefaultValueFactory = _ => Path.Combine(".stormline", "registry") };
        var bootstrap = new Option<string?>("--bootstrap", "-b") { Description = "Keep schemas, configs and modes in a Kafka topic on this cluster (HOST:PORT) instead of --data-dir; registries sharing the topic share their state." };
        var topic = new Option<string>("--topic") { Description = "The compacted, one-partition topic for --bootstrap (created if missing).", DefaultValueFactory = _ => "_schemas" };
        var usersFile = new Option<string?>("--users-file") { Description = "Require HTTP basic authentication: one user a line, NAME ROLE(read-only|write|admin) PASSWORD-HASH." };
        var config = new Option<string?>("--config") { Description = "A JSON settings file whose Kestrel section (ASP.NET's standard shape) sets the endpoints, e.g. HTTPS with a certificate." };
        var hashPassword = new Option<bool>("--hash-password") { Description = "Read a password from standard input, print its hash for a users file, and exit." };

        var command = new Command("registry", "Run the schema registry (Confluent REST API, Avro and JSON Schema) until Ctrl-C or SIGTERM.")
        {
            host, port, dataDir, bootstrap, topic, usersFile, config, hashPassword,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(hashPassword))
            {
                Console.WriteLine(RegistryPasswordHash.Create(await Console.In.ReadLineAsync(cancellationToken) ?? ""));
                return 0;
            }

            var options = new RegistryOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                BootstrapServers = parse.GetValue(bootstrap),
                Topic = parse.GetValue(topic)!,
                UsersFile = parse.GetValue(usersFile),
            };

            using var loggerFactory = ConsoleLogging.Create();
            using var stop = new StopSignals(cancellationToken);

            SchemaRegistryHost registry;
            try
            {
                if (parse.GetValue(config) is { } file)
                {
                    options.Kestrel = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file)).Build().GetSection("Kestrel");
                }

                registry = await SchemaRegistryHost.StartAsync(options, loggerFactory, stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or FormatException or System.Security.Cryptography.CryptographicException)
            {
                await Console.Error.WriteLineAsync($"stormline registry: {ex.Message}");
                return options.BootstrapServers is not null && ex is IOException ? ExitCodes.Unreachable : ExitCodes.Usage; // the store's cluster, else the options
            }

            await using (registry)
            {
                Console.WriteLine($"Schema registry listening on {registry.Url} (data: {registry.StoreLocation})");
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    loggerFactory.CreateLogger("stormline").LogInformation("Stopping schema registry");
                }
            }

            return 0;
        });
        return command;
    }
}
