using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Kcat;

namespace Stormline.Broker.Tests.Security;

/// <summary>kcat (Debian's, on librdkafka 2.0.2) logging in over SASL_PLAINTEXT with PLAIN and SCRAM, and refused with a wrong password.</summary>
public sealed class KcatSaslTests : IAsyncLifetime
{
    private KafkaBroker _broker = null!;

    private string Sasl => _broker.BootstrapServersOf("SASL_PLAINTEXT");

    public async ValueTask InitializeAsync()
    {
        _broker = await KafkaBroker.StartAsync(SaslClients.Options());
        using var admin = SaslClients.Admin(_broker.BootstrapServers, new Dictionary<string, string>());
        await SaslClients.UpsertScramAsync(admin, "erin", "erin-256", ScramMechanism.ScramSha256);
    }

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData("PLAIN", "alice", SaslClients.AlicePassword)]
    [InlineData("SCRAM-SHA-256", "erin", "erin-256")]
    public async Task Kcat_lists_metadata_produces_and_consumes_after_logging_in(string mechanism, string user, string password)
    {
        var topic = "kcat-sasl-" + mechanism.ToLowerInvariant();
        string[] login = ["-b", Sasl, "-X", "security.protocol=SASL_PLAINTEXT", "-X", $"sasl.mechanisms={mechanism}", "-X", $"sasl.username={user}", "-X", $"sasl.password={password}"];
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, ["one", "two", "three"]);
            await Kcat.Kcat.RunAsync([.. login, "-P", "-t", topic, "-l", file]);
            var consumed = await Kcat.Kcat.RunAsync([.. login, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%s\n"]);
            Assert.Equal(["one", "two", "three"], consumed.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            var metadata = await Kcat.Kcat.RunAsync([.. login, "-L"]);
            Assert.Contains($"at {Sasl}", metadata.StdoutText);
            Assert.Contains($"topic \"{topic}\" with 1 partitions", metadata.StdoutText);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Kcat_with_a_wrong_password_fails_with_an_authentication_error()
    {
        var result = await Kcat.Kcat.RunAsync(
            ["-b", Sasl, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=alice", "-X", "sasl.password=wrong", "-L", "-m", "5"],
            mustSucceed: false);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Authentication failed", result.Stderr);
    }
}
