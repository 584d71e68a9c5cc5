using System.Net;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Security;

/// <summary>HTTPS from Kestrel's standard configuration (an endpoint with a PEM certificate and key), with a certificate made here.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stormline-registry-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Confluent_client_trusting_the_certificate_registers_and_reads_over_https()
    {
        var (certificatePath, keyPath) = TestCertificates.WriteSelfSigned(_directory);
        var kestrel = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Endpoints:Https:Certificate:Path"] = certificatePath,
            ["Endpoints:Https:Certificate:KeyPath"] = keyPath,
        }).Build();
        await using var registry = await SchemaRegistryHost.StartAsync(new RegistryOptions { DataDirectory = Path.Combine(_directory, "data"), Kestrel = kestrel });
        Assert.StartsWith("https://127.0.0.1:", registry.Url);

        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url, SslCaLocation = certificatePath });
        var id = await client.RegisterSchemaAsync("tls-value", new Schema(AvroSchemas.OrderV1, SchemaType.Avro));
        Assert.Equal(AvroSchemas.OrderV1, (await client.GetSchemaAsync(id)).SchemaString);

        // Without trusting the certificate, the handshake fails; plain HTTP to the TLS port gets no answer either.
        using var untrusting = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(registry.Url + "/subjects"));
        var plain = registry.Url.Replace("https://", "http://", StringComparison.Ordinal);
        using var response = await untrusting.GetAsync(plain + "/subjects").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
        Assert.True(response is null || response.StatusCode == HttpStatusCode.BadRequest);
    }
}
