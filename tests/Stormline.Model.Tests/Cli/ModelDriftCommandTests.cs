using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Configuration;
using Stormline.Broker.Server;
using Stormline.Cli.Schemas;
using Stormline.Model.Generation;
using Stormline.Registry;
using Stormline.Registry.Security;

namespace Stormline.Model.Tests.Cli;

/// <summary>
/// <c>stormline model drift</c> as a process against a real broker and registry: each kind of drift made on purpose is
/// named, exit 1; a system that matches the shop model exits 0.
/// </summary>
public sealed class ModelDriftCommandTests
{
    [Fact]
    public async Task An_unknown_event_type_from_kcat_a_hand_made_topic_and_an_idle_group_are_each_named()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        await ApplyPlanAsync(broker.BootstrapServers);
        await ProduceEveryModelEventAsync(broker.BootstrapServers);
        await KcatProduceAsync(broker.BootstrapServers, "order-events", "OrderTeleported");
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "reports-by-hand", NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        LeaveIdleGroup(broker.BootstrapServers, "monthly-report");

        var json = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--output", "json");
        Assert.True(json.ExitCode == 1, json.Error);
        var report = JsonNode.Parse(json.Out)!;
        var unknown = Assert.Single(report["unknownEventTypes"]!.AsArray());
        Assert.Equal("order-events", unknown!["topic"]!.GetValue<string>());
        Assert.Equal("OrderTeleported", unknown["eventType"]!.GetValue<string>());
        Assert.Equal(["reports-by-hand"], report["unplannedTopics"]!.AsArray().Select(t => t!.GetValue<string>()));
        var idle = Assert.Single(report["idleGroups"]!.AsArray());
        Assert.Equal("monthly-report", idle!["group"]!.GetValue<string>());
        Assert.Equal("no members", idle["reason"]!.GetValue<string>());
        Assert.Empty(report["unseenEvents"]!.AsArray());
        Assert.Empty(report["missingTopics"]!.AsArray());
        Assert.Equal(3, report["driftKinds"]!.GetValue<int>());

        var table = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers);
        Assert.Equal(1, table.ExitCode);
        Assert.Contains("  order-events  OrderTeleported  (1 record(s))", table.Out, StringComparison.Ordinal);
        Assert.Contains("Topics in the cluster but not in the plan (1):\n  reports-by-hand", table.Out, StringComparison.Ordinal);
        Assert.Contains("  monthly-report  no members  on order-events", table.Out, StringComparison.Ordinal);
        Assert.Contains("Drift: 3 kind(s) found.", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_that_matches_the_model_exits_0_reading_a_registry_that_requires_basic_authentication()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        var directory = Directory.CreateTempSubdirectory("stormline-drift-").FullName;
        var usersFile = Path.Combine(directory, "users");
        await File.WriteAllTextAsync(usersFile, $"ci admin {RegistryPasswordHash.Create("ci-pass")}\n", TestContext.Current.CancellationToken);
        await using var registry = await SchemaRegistryHost.StartAsync(new RegistryOptions { Port = 0, DataDirectory = Path.Combine(directory, "data"), UsersFile = usersFile }, cancellationToken: TestContext.Current.CancellationToken);
        await ApplyPlanAsync(broker.BootstrapServers);
        await ProduceEveryModelEventAsync(broker.BootstrapServers);
        await RegisterModelSchemasAsync(registry.Url, "ci:ci-pass");

        var clean = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers,
            "--registry", registry.Url, "--registry-user-info", "ci:ci-pass");
        Assert.True(clean.ExitCode == 0, clean.Out + clean.Error);
        Assert.Contains("No drift: the cluster and the registry match the model.", clean.Out, StringComparison.Ordinal);

        var anonymous = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--registry", registry.Url);
        Assert.Equal(3, anonymous.ExitCode);
        Assert.Contains("pass credentials with --registry-user-info USER:PASSWORD", anonymous.Error, StringComparison.Ordinal);

        // A subject outside the model and an event whose registered schema is not the model's.
        using (var http = RegistryHttp(registry.Url, "ci:ci-pass"))
        {
            await PostSchemaAsync(http, "legacy-events-OrderImported", """{"type":"object"}""");
            await PostSchemaAsync(http, "order-events-OrderPaid", """{"type":"object","properties":{"orderId":{"type":"string"}}}""", "NONE");
        }

        var drifted = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers,
            "--registry", registry.Url, "--registry-user-info", "ci:ci-pass", "--output", "json");
        Assert.Equal(1, drifted.ExitCode);
        var report = JsonNode.Parse(drifted.Out)!;
        Assert.Equal(["legacy-events-OrderImported"], report["unknownSubjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        var differing = Assert.Single(report["differingSchemas"]!.AsArray());
        Assert.Equal("order-events-OrderPaid", differing!["subject"]!.GetValue<string>());
        Assert.Equal(2, differing["registeredVersion"]!.GetValue<int>());
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_registry_over_https_with_a_private_ca_is_read_with_registry_ca()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        var directory = Directory.CreateTempSubdirectory("stormline-drift-tls-").FullName;
        var (certificate, key) = (Path.Combine(directory, "registry.crt"), Path.Combine(directory, "registry.key"));
        await RunToolAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=stormline-drift-test", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate);
        var kestrel = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Endpoints:Https:Certificate:Path"] = certificate,
            ["Endpoints:Https:Certificate:KeyPath"] = key,
        }).Build();
        await using var registry = await SchemaRegistryHost.StartAsync(new RegistryOptions { DataDirectory = Path.Combine(directory, "data"), Kestrel = kestrel },
            cancellationToken: TestContext.Current.CancellationToken);

        var untrusted = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--registry", registry.Url);
        Assert.Equal(3, untrusted.ExitCode);
        Assert.Contains($"cannot read the registry at {registry.Url}", untrusted.Error, StringComparison.Ordinal);
        Assert.True(untrusted.Error.Contains("pass --registry-ca", StringComparison.Ordinal), untrusted.Error);

        var trusted = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--registry", registry.Url,
            "--registry-ca", certificate, "--output", "json");
        Assert.True(trusted.ExitCode == 1, trusted.Error); // read: an empty registry lacks every model subject
        Assert.Equal(ModelText.Shop().Contexts.Sum(c => c.Events.Count), JsonNode.Parse(trusted.Out)!["differingSchemas"]!.AsArray().Count);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_3_and_a_bad_option_exits_2()
    {
        var unreachable = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", "127.0.0.1:1");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("stormline model drift: cannot read the cluster at 127.0.0.1:1", unreachable.Error, StringComparison.Ordinal);

        var refused = await Stormline.RunAsync("model", "drift", ModelText.ShopPath, "--bootstrap", "127.0.0.1:1", "--kafka-config", "security.protocol=SASL_SOMETHING");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("for configuration property \"security.protocol\"", refused.Error, StringComparison.Ordinal);

        var noFile = await Stormline.RunAsync("model", "drift", "missing.storm.yaml", "--bootstrap", "127.0.0.1:1");
        Assert.Equal(2, noFile.ExitCode);

        var help = await Stormline.RunAsync("model", "drift", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--registry-user-info", help.Out, StringComparison.Ordinal);
    }

    private static async Task ApplyPlanAsync(string bootstrap)
    {
        var apply = await Stormline.RunAsync("topics", "apply", ModelText.ShopPath, "--bootstrap", bootstrap, "--yes");
        Assert.True(apply.ExitCode == 0, apply.Error);
    }

    /// <summary>One record of every model event on its topic, typed by the header the services write.</summary>
    private static async Task ProduceEveryModelEventAsync(string bootstrap)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build();
        foreach (var topic in TopicPlanner.Plan(ModelText.Shop(), new TopicPlanOptions()).Topics)
        {
            foreach (var planned in topic.Events)
            {
                await producer.ProduceAsync(topic.Name, new Message<string, string>
                {
                    Key = "o-1",
                    Value = "{}",
                    Headers = new Headers { { "event-type", Encoding.UTF8.GetBytes(planned.Name) } },
                });
            }
        }
    }

    private static Task KcatProduceAsync(string bootstrap, string topic, string eventType) =>
        RunToolAsync("kcat", ["-P", "-b", bootstrap, "-t", topic, "-k", "o-9", "-H", $"event-type={eventType}"], input: """{"orderId":"o-9"}""");

    private static Task RunToolAsync(string tool, params string[] arguments) => RunToolAsync(tool, arguments, input: null);

    /// <summary>Runs a command-line tool (kcat, openssl), writing <paramref name="input"/> to it; fails the test when it fails.</summary>
    private static async Task RunToolAsync(string tool, string[] arguments, string? input)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"{tool}: {error}");
    }

    /// <summary>A group that consumed, committed and left: no members, its offsets kept.</summary>
    private static void LeaveIdleGroup(string bootstrap, string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe("order-events");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ConsumeResult<Ignore, Ignore>? result = null;
        while (result is null && DateTime.UtcNow < deadline)
        {
            result = consumer.Consume(TimeSpan.FromMilliseconds(500));
        }

        Assert.NotNull(result);
        consumer.Commit(result);
        consumer.Close();
    }

    private static async Task RegisterModelSchemasAsync(string url, string userInfo)
    {
        using var http = RegistryHttp(url, userInfo);
        foreach (var schema in EventSchemas.From(ModelText.Shop(), SchemaFormat.Json, SubjectStrategy.TopicRecord, out _))
        {
            await PostSchemaAsync(http, schema.Subject, schema.Schema);
        }
    }

    private static HttpClient RegistryHttp(string url, string userInfo)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        return http;
    }

    private static async Task PostSchemaAsync(HttpClient http, string subject, string schema, string? compatibility = null)
    {
        if (compatibility is not null)
        {
            using var level = new StringContent($$"""{"compatibility":"{{compatibility}}"}""", Encoding.UTF8, "application/json");
            (await http.PutAsync($"config/{subject}", level)).EnsureSuccessStatusCode();
        }

        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["schema"] = schema, ["schemaType"] = "JSON" });
        using var content = new StringContent(body, Encoding.UTF8, "application/vnd.schemaregistry.v1+json");
        var response = await http.PostAsync($"subjects/{subject}/versions", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
