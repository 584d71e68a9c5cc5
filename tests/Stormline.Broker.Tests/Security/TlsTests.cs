using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Security;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task An_SSL_listener_serves_producer_and_group_consumer_verified_against_the_generated_CA()
    {
        var options = new BrokerOptions();
        options.Set("listeners", "SSL://127.0.0.1:0");
        options.Set("ssl.keystore.type", "PEM");
        options.Set("ssl.keystore.location", _certificates.ServerKeystorePath);
        await using var broker = await KafkaBroker.StartAsync(options);

        var values = await SecureRoundTrip.RunAsync(broker.BootstrapServers, new Dictionary<string, string>
        {
            ["security.protocol"] = "SSL",
            ["ssl.ca.location"] = _certificates.CaPath,
        });
        Assert.Equal(["secret-0", "secret-1", "secret-2"], values);

        // Without the generated CA the broker's certificate is not trusted, and librdkafka does not connect.
        var untrusted = SecureRoundTrip.MetadataFailure(broker.BootstrapServers, new Dictionary<string, string> { ["security.protocol"] = "SSL" });
        Assert.NotNull(untrusted);

        // A plaintext client on the TLS port gets nowhere, and the broker keeps serving.
        Assert.NotNull(SecureRoundTrip.MetadataFailure(broker.BootstrapServers, new Dictionary<string, string>()));
        Assert.Null(SecureRoundTrip.MetadataFailure(broker.BootstrapServers, new Dictionary<string, string> { ["security.protocol"] = "SSL", ["ssl.ca.location"] = _certificates.CaPath }));
    }

    [Fact]
    public async Task Required_client_certificates_are_checked_against_the_truststore_and_name_the_principal()
    {
        var options = new BrokerOptions();
        options.Set("listeners", "SSL://127.0.0.1:0");
        options.Set("listener.name.ssl.ssl.keystore.type", "PEM");
        options.Set("listener.name.ssl.ssl.keystore.certificate.chain", File.ReadAllText(_certificates.ServerPath));
        options.Set("listener.name.ssl.ssl.keystore.key", File.ReadAllText(_certificates.ServerKeyPath));
        options.Set("ssl.truststore.type", "PEM");
        options.Set("ssl.truststore.location", _certificates.CaPath);
        options.Set("ssl.client.auth", "required");
        await using var broker = await KafkaBroker.StartAsync(options);

        var withoutCertificate = SecureRoundTrip.MetadataFailure(broker.BootstrapServers, new Dictionary<string, string>
        {
            ["security.protocol"] = "SSL",
            ["ssl.ca.location"] = _certificates.CaPath,
        });
        Assert.NotNull(withoutCertificate);

        var withCertificate = new Dictionary<string, string>
        {
            ["security.protocol"] = "SSL",
            ["ssl.ca.location"] = _certificates.CaPath,
            ["ssl.certificate.location"] = _certificates.ClientPath,
            ["ssl.key.location"] = _certificates.ClientKeyPath,
        };
        using var admin = SaslClients.Admin(broker.BootstrapServers, withCertificate);
        admin.GetMetadata(TimeSpan.FromSeconds(10));
        // librdkafka swaps its bootstrap connection for one to the node it learned: look while the client stays up.
        await Eventually.Until(
            () => broker.Sessions.Any(s => s.Principal == "User:CN=alice,OU=payments,O=Stormline"),
            TimeSpan.FromSeconds(10),
            () => "principals: " + string.Join(", ", broker.Sessions.Select(s => s.Principal)));
        Assert.Equal(["secret-0", "secret-1", "secret-2"], await SecureRoundTrip.RunAsync(broker.BootstrapServers, withCertificate));
    }

    [Theory]
    [InlineData(null, "ssl.keystore.location")]
    [InlineData("ssl.client.auth=required", "needs ssl.truststore.location")]
    [InlineData("ssl.keystore.location=/nonexistent/keystore.pem", "cannot load the TLS key and certificate")]
    public async Task A_TLS_listener_without_usable_key_material_does_not_start(string? config, string message)
    {
        var options = new BrokerOptions();
        options.Set("listeners", "SSL://127.0.0.1:0");
        if (config?.Split('=') is [var name, var value])
        {
            if (name != "ssl.keystore.location")
            {
                options.Set("ssl.keystore.location", _certificates.ServerKeystorePath);
            }

            options.Set(name, value);
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => KafkaBroker.StartAsync(options));
        Assert.Contains(message, error.Message);
    }
}
