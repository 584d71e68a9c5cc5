using Microsoft.Extensions.Configuration;
using Stormline.Cli;
using Stormline.Registry.Security;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Cli;

/// <summary>
/// <c>stormline schema check|register|diff|compat</c> against a registry that requires HTTP basic authentication (from a
/// users file) over HTTPS with a private CA: the command line's <c>--registry-user-info</c>, <c>--registry-ca</c> and
/// <c>--kafka-config-file</c> reach it, and missing credentials or an untrusted certificate are clear exit code 3 messages.
/// </summary>
public sealed class SecuredRegistrySchemaTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stormline-schema-secured-").FullName;
    private SchemaRegistryHost _registry = null!;
    private string _ca = null!;
    private string _model = null!;

    public async ValueTask InitializeAsync()
    {
        var (certificate, key) = TestCertificates.WriteSelfSigned(_directory);
        _ca = certificate;
        var users = Path.Combine(_directory, "users");
        await File.WriteAllLinesAsync(users,
        [
            "# users of the CI registry",
            $"ci      write      {RegistryPasswordHash.Create("ci-secret")}",
            $"grafana read-only  {RegistryPasswordHash.Create("grafana-secret")}",
            $"ops     admin      {RegistryPasswordHash.Create("ops-secret")}",
        ]);
        var kestrel = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Endpoints:Https:Certificate:Path"] = certificate,
            ["Endpoints:Https:Certificate:KeyPath"] = key,
        }).Build();
        _registry = await SchemaRegistryHost.StartAsync(new RegistryOptions { DataDirectory = Path.Combine(_directory, "data"), UsersFile = users, Kestrel = kestrel });
        _model = Path.Combine(_directory, "shop.storm.yaml");
        await File.WriteAllTextAsync(_model, ShopModels.Version1);
    }

    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Register_check_and_diff_reach_the_registry_with_user_info_and_the_ca_file()
    {
        var (exit, output, error) = await StormlineAsync("schema", "register", "--registry", _registry.Url, "--model", _model,
            "--registry-user-info", "ci:ci-secret", "--registry-ca", _ca);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Matches(@"order-events-OrderCreated\s+1\s+\d+\s+registered", output);

        // A read-only user may check and diff, what CI needs; the settings can come from a client.properties file too.
        var properties = Path.Combine(_directory, "client.properties");
        await File.WriteAllLinesAsync(properties, [$"schema.registry.url={_registry.Url}", "basic.auth.user.info=grafana:grafana-secret", $"schema.registry.ssl.ca.location={_ca}"]);
        (exit, output, error) = await StormlineAsync("schema", "check", "--model", _model, "--kafka-config-file", properties);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("2 unchanged, 0 compatible, 0 new, 0 breaking", output);
        (exit, output, error) = await StormlineAsync("schema", "diff", "--model", _model, "--kafka-config-file", properties);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("2 same, 0 different or new", output);
    }

    [Fact]
    public async Task Missing_credentials_a_read_only_user_registering_and_an_untrusted_certificate_are_exit_code_3_with_the_way_out()
    {
        var (exit, _, error) = await StormlineAsync("schema", "check", "--registry", _registry.Url, "--model", _model, "--registry-ca", _ca);
        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("answered 401", error);
        Assert.Contains("--registry-user-info USER:PASSWORD", error);

        (exit, _, error) = await StormlineAsync("schema", "check", "--registry", _registry.Url, "--model", _model, "--registry-ca", _ca, "--registry-user-info", "ci:wrong");
        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("answered 401", error);

        (exit, _, error) = await StormlineAsync("schema", "register", "--registry", _registry.Url, "--model", _model, "--registry-ca", _ca, "--registry-user-info", "grafana:grafana-secret");
        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("answered 403", error);

        (exit, _, error) = await StormlineAsync("schema", "check", "--registry", _registry.Url, "--model", _model, "--registry-user-info", "ci:ci-secret");
        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("--registry-ca", error);

        var notPem = Path.Combine(_directory, "not-a-ca.txt");
        await File.WriteAllTextAsync(notPem, "not a certificate");
        (exit, _, error) = await StormlineAsync("schema", "check", "--registry", _registry.Url, "--model", _model, "--registry-ca", notPem);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("holds no PEM certificate", error);
    }

    [Fact]
    public async Task Compat_reads_with_a_read_only_user_and_sets_and_clears_with_an_admin()
    {
        const string Subject = "order-events-OrderCreated";
        string[] secured = ["--registry", _registry.Url, "--registry-ca", _ca];
        var (exit, output, error) = await StormlineAsync(["schema", "compat", Subject, .. secured, "--registry-user-info", "grafana:grafana-secret"]);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Equal($"{Subject}: BACKWARD (the global level; the subject sets none)", output.Trim());

        (exit, _, error) = await StormlineAsync(["schema", "compat", Subject, "--set", "FULL", .. secured, "--registry-user-info", "ci:ci-secret"]);
        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("answered 403", error);

        (exit, output, error) = await StormlineAsync(["schema", "compat", Subject, "--set", "full", .. secured, "--registry-user-info", "ops:ops-secret"]);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Equal($"{Subject}: FULL (set on the subject), was BACKWARD (the global level; the subject sets none)", output.Trim());

        (exit, output, _) = await StormlineAsync(["schema", "compat", Subject, .. secured, "--registry-user-info", "grafana:grafana-secret"]);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal($"{Subject}: FULL (set on the subject)", output.Trim());

        (exit, output, _) = await StormlineAsync(["schema", "compat", Subject, "--clear", .. secured, "--registry-user-info", "ops:ops-secret"]);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal($"{Subject}: BACKWARD (the global level; the subject sets none), was FULL (set on the subject)", output.Trim());

        (exit, _, error) = await StormlineAsync(["schema", "compat", Subject, "--set", "SIDEWAYS", .. secured]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--set SIDEWAYS is not a compatibility level; use one of BACKWARD, BACKWARD_TRANSITIVE", error);
    }

    private static Task<(int Exit, string Output, string Error)> StormlineAsync(params string[] arguments) => StormlineProcess.RunAsync(arguments);
}
