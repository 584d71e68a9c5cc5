using System.Diagnostics;
using System.Text;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Crash;

namespace Stormline.Broker.Tests.Security;

/// <summary>
/// <c>stormline broker --config-file server.properties</c> as an operator writes it for Kafka: named listeners, a
/// SASL_SSL listener whose PEM certificate and key are inline values continued over lines, PLAIN users, SCRAM.
/// </summary>
public sealed class BrokerCommandSecurityTests : IDisposable
{
    private readonly TestCertificates _certificates = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-secure-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _certificates.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_server_properties_with_inline_PEM_and_JAAS_serves_SASL_SSL_beside_an_internal_PLAINTEXT_listener()
    {
        var properties = Path.Combine(_certificates.Folder, "server.properties");
        using var broker = new BrokerProcess(_dataDirectory) { ConfigFile = properties };
        var securePort = BrokerProcess.FreePort();
        var text = new StringBuilder()
            .AppendLine("# an internal plaintext listener (the one the test waits for) and an external SASL_SSL one")
            .AppendLine($"listeners=INTERNAL://127.0.0.1:{broker.Port},EXTERNAL://127.0.0.1:{securePort}")
            .AppendLine("listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:SASL_SSL")
            .AppendLine("inter.broker.listener.name=INTERNAL")
            .AppendLine("listener.name.external.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512")
            .AppendLine("listener.name.external.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\")
            .AppendLine("    user_alice=\"alice-secret\";")
            .AppendLine("ssl.keystore.type=PEM")
            .AppendLine("ssl.keystore.certificate.chain=" + Continued(File.ReadAllText(_certificates.ServerPath)))
            .AppendLine("ssl.keystore.key=" + Continued(File.ReadAllText(_certificates.ServerKeyPath)))
            .AppendLine("connections.max.reauth.ms=600000");
        await File.WriteAllTextAsync(properties, text.ToString());
        await broker.StartAsync();

        var external = $"127.0.0.1:{securePort}";
        using (var admin = SaslClients.Admin(broker.BootstrapServers, new Dictionary<string, string>()))
        {
            await SaslClients.UpsertScramAsync(admin, "frank", "frank-512", ScramMechanism.ScramSha512);
        }

        var alice = SaslClients.Settings("PLAIN", "alice", "alice-secret", "SASL_SSL");
        alice["ssl.ca.location"] = _certificates.CaPath;
        Assert.Equal(3, (await SecureRoundTrip.RunAsync(external, alice)).Count);
        var frank = SaslClients.Settings("SCRAM-SHA-512", "frank", "frank-512", "SASL_SSL");
        frank["ssl.ca.location"] = _certificates.CaPath;
        Assert.Equal(3, (await SecureRoundTrip.RunAsync(external, frank)).Count);

        // SCRAM credentials are in the data folder: after a SIGKILL and a restart frank still logs in.
        broker.Kill();
        await broker.StartAsync();
        Assert.Equal(3, (await SecureRoundTrip.RunAsync(external, frank)).Count);
        alice["sasl.password"] = "wrong";
        Assert.Equal(Confluent.Kafka.ErrorCode.Local_Authentication, SaslClients.AuthenticationError(external, alice)?.Code);
    }

    [Fact]
    public async Task A_SASL_listener_without_mechanisms_is_a_usage_error_naming_the_config()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "stormline.dll"), "broker", "--data-dir", _dataDirectory, "--config", "listeners=SASL_PLAINTEXT://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("stormline broker: listener SASL_PLAINTEXT: set sasl.enabled.mechanisms", await error);
    }

    /// <summary>A PEM block as a properties value: every line but the last ends in a backslash.</summary>
    private static string Continued(string pem) => string.Join(" \\\n", pem.Trim().Split('\n').Select(l => l.TrimEnd('\r')));
}
