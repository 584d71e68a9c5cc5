using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Stormline.Registry;
using Stormline.Registry.Security;

namespace Stormline.OpsConsole.Tests;

/// <summary>
/// <c>stormline console</c> against a secured cluster and registry: librdkafka settings reach its Kafka clients, and
/// the registry's basic-auth credentials reach the registry client it browses subjects with.
/// </summary>
public sealed class ClientSettingsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_kafka_config_setting_reaches_librdkafka_which_names_it()
    {
        using var process = ConsoleProcess.Start("console", "--bootstrap", fixture.Kafka.BootstrapServers, "--port", "0",
            "--kafka-config", "security.protocol=SASL_SOMETHING");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("stormline console: the Kafka client refused a setting: Invalid value \"SASL_SOMETHING\" for configuration property \"security.protocol\"",
            await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_registry_user_info_it_browses_a_registry_that_requires_basic_authentication()
    {
        var directory = Directory.CreateTempSubdirectory("stormline-console-registry-").FullName;
        var usersFile = Path.Combine(directory, "users");
        await File.WriteAllTextAsync(usersFile, $"ci write {RegistryPasswordHash.Create("ci-pass")}\nviewer read-only {RegistryPasswordHash.Create("view-pass")}\n");
        await using var registry = await SchemaRegistryHost.StartAsync(new RegistryOptions { Port = 0, DataDirectory = Path.Combine(directory, "data"), UsersFile = usersFile });
        using (var writer = new HttpClient { BaseAddress = new Uri(registry.Url) })
        {
            writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ci:ci-pass")));
            using var body = new StringContent("""{"schema":"{\"type\":\"string\"}"}""", Encoding.UTF8, "application/vnd.schemaregistry.v1+json");
            (await writer.PostAsync("subjects/secured-value/versions", body)).EnsureSuccessStatusCode();
            using var anonymous = new HttpClient { BaseAddress = new Uri(registry.Url) };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("subjects")).StatusCode);
        }

        using var process = ConsoleProcess.Start("console", "--bootstrap", fixture.Kafka.BootstrapServers, "--port", "0", "--read-only",
            "--registry", registry.Url, "--registry-user-info", "viewer:view-pass");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(await ConsoleProcess.UrlAsync(process)) };
            Assert.Equal("[\"secured-value\"]", await http.GetStringAsync("api/schemas"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
