using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Server;
using Stormline.Clients;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline broker</c>: the embedded Kafka-wire broker as a standalone process.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => 9092 }.Port();
        var advertised = new Option<string?>("--advertised-host") { Description = "Host name given to clients in metadata (default: the listen address)." };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for logs, committed offsets and topic metadata.", DefaultValueFactory = _ => Path.Combine(".stormline", "broker") };
        var configs = new Option<string[]>("--config", "-c")
        {
            Description = "A Kafka broker config as name=value (repeatable), e.g. num.partitions=4 or log.retention.ms=604800000.",
            AllowMultipleArgumentsPerToken = false,
        };
        var configFile = new Option<FileInfo?>("--config-file") { Description = "A server.properties file with Kafka broker configs (listeners, ssl.*, sasl.*, listener.name.<listener>.*; see docs/broker.md)." };

        var command = new Command("broker", "Run the embedded single-node Kafka-wire broker until Ctrl-C or SIGTERM.")
        {
            host, port, advertised, dataDir, configs, configFile,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BrokerOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                AdvertisedHost = parse.GetValue(advertised),
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
            };
            try
            {
                if (parse.GetValue(configFile) is { } file)
                {
                    foreach (var (name, value) in ReadProperties(file))
                    {
                        options.Set(name, value);
                    }
                }

                foreach (var pair in parse.GetValue(configs) ?? [])
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException($"--config '{pair}' is not name=value (e.g. --config num.partitions=4)");
                    }

                    options.Set(pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                }

                options.Validate();
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or FormatException)
            {
                await Console.Error.WriteLineAsync($"stormline broker: {ex.Message}");
                return ExitCodes.Usage;
            }

            using var loggerFactory = ConsoleLogging.Create();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

            KafkaBroker broker;
            try
            {
                broker = await KafkaBroker.StartAsync(options, loggerFactory);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.Net.Sockets.SocketException)
            {
                await Console.Error.WriteLineAsync($"stormline broker: {ex.Message}");
                return ExitCodes.Usage; // the port is taken or the data folder unusable: change the options
            }

            await using (broker)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    loggerFactory.CreateLogger("stormline").LogInformation("Stopping broker");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>server.properties in Java's properties format, so a PEM value may span lines ending in a backslash, as in Kafka.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> ReadProperties(FileInfo file) =>
        file.Exists ? JavaProperties.Parse(File.ReadAllText(file.FullName)) : throw new IOException($"config file {file.FullName} does not exist");
}
