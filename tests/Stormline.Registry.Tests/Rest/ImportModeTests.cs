using System.Text.Json;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Rest;

/// <summary>IMPORT mode: a migration registers schemas under the ids and versions they had elsewhere, as Confluent allows.</summary>
public sealed class ImportModeTests : IAsyncLifetime
{
    private readonly RegistryFixture _registry = new();

    public ValueTask InitializeAsync() => _registry.InitializeAsync();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    private static string Body(string schema, int? id = null, int? version = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["schema"] = schema, ["id"] = id, ["version"] = version });

    private static readonly string Order = AvroSchemas.OrderV1;
    private static readonly string Unrelated = AvroSchemas.Record("Order", AvroSchemas.Field("code", "\"int\""));

    private Task<(int Status, System.Text.Json.Nodes.JsonNode? Body)> PutModeAsync(string path, string mode) =>
        _registry.SendAsync(HttpMethod.Put, path, $$"""{"mode":"{{mode}}"}""");

    [Fact]
    public async Task Import_keeps_the_given_ids_and_versions_skips_compatibility_and_later_ids_continue_above_them()
    {
        Assert.Equal(200, (await PutModeAsync("/mode", "IMPORT")).Status);

        Assert.Equal(100, (await _registry.PostAsync("/subjects/imp-value/versions", Body(AvroSchemas.OrderV2, 100, 3))).Body!["id"]!.GetValue<int>());
        Assert.Equal(50, (await _registry.PostAsync("/subjects/imp-value/versions", Body(Unrelated, 50, 1))).Body!["id"]!.GetValue<int>());
        Assert.Equal(200, (await _registry.PostAsync("/subjects/imp-value/versions", Body(Order, 70))).Status); // no version: the next one
        Assert.Equal(200, (await _registry.PostAsync("/subjects/imp-value/versions", Body(Order, 70))).Status); // a replay is idempotent

        Assert.Equal("[1,3,4]", (await _registry.GetAsync("/subjects/imp-value/versions")).Body!.ToJsonString());
        Assert.Equal(70, (await _registry.GetAsync("/subjects/imp-value/versions/4")).Body!["id"]!.GetValue<int>());
        Assert.Equal(100, (await _registry.GetAsync("/subjects/imp-value/versions/3")).Body!["id"]!.GetValue<int>());

        Assert.Equal(200, (await PutModeAsync("/mode", "READWRITE")).Status);
        Assert.Equal(101, await _registry.RegisterAsync("after-import", AvroSchemas.Record("Later", AvroSchemas.Field("a", "\"long\""))));
        await _registry.RestartAsync();
        Assert.Equal(50, (await _registry.GetAsync("/subjects/imp-value/versions/1")).Body!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Entering_import_is_refused_while_subjects_exist_unless_forced_or_for_an_empty_subject()
    {
        await _registry.RegisterAsync("existing-value", Order);

        var (status, body) = await PutModeAsync("/mode", "IMPORT");
        Assert.Equal(422, status);
        Assert.Equal(42205, body!["error_code"]!.GetValue<int>());
        Assert.Equal("Cannot import since found existing subjects", body["message"]!.GetValue<string>());
        Assert.Equal(42205, (await PutModeAsync("/mode/existing-value", "IMPORT")).Body!["error_code"]!.GetValue<int>());
        Assert.Equal("READWRITE", (await _registry.GetAsync("/mode")).Body!["mode"]!.GetValue<string>());

        Assert.Equal(200, (await PutModeAsync("/mode/empty-value", "IMPORT")).Status);
        Assert.Equal(200, (await _registry.PostAsync("/subjects/empty-value/versions", Body(Unrelated, 40, 1))).Status);
        Assert.Equal(200, (await PutModeAsync("/mode?force=true", "IMPORT")).Status);
        Assert.Equal("IMPORT", (await _registry.GetAsync("/mode")).Body!["mode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("id-outside-import", false, 7, null, 422, 42205, "Subject id-outside-import is not in import mode")]
    [InlineData("no-id-in-import", true, null, null, 422, 42205, "Subject no-id-in-import is not in read-write mode")]
    [InlineData("taken-id", true, 100, null, 422, 42205, "Overwrite new schema with id 100 is not permitted.")]
    [InlineData("other-id", true, 101, null, 422, 42205, "Schema already registered with id 100 instead of input id 101")]
    [InlineData("imported-value", true, 101, 1, 422, 42205, "Subject 'imported-value' version 1 already holds schema id 100")]
    [InlineData("bad-version", true, 300, -5, 422, 42202, "The specified version '-5' is not a valid version id")]
    [InlineData("bad-id", true, -3, null, 422, 42205, "Invalid schema id -3")]
    public async Task Bad_imports_get_Confluents_errors_and_store_nothing(string subject, bool import, int? id, int? version, int status, int code, string message)
    {
        await _registry.SendAsync(HttpMethod.Put, "/mode/imported-value", """{"mode":"IMPORT"}""");
        Assert.Equal(200, (await _registry.PostAsync("/subjects/imported-value/versions", Body(Order, 100, 1))).Status);
        if (import)
        {
            Assert.Equal(200, (await PutModeAsync($"/mode/{subject}", "IMPORT")).Status);
        }

        var schema = subject is "other-id" ? Order : subject is "imported-value" ? Unrelated : AvroSchemas.Record("Fresh", AvroSchemas.Field("f", "\"string\""));
        var (actualStatus, body) = await _registry.PostAsync($"/subjects/{subject}/versions", Body(schema, id, version));

        Assert.Equal(status, actualStatus);
        Assert.Equal(code, body!["error_code"]!.GetValue<int>());
        Assert.StartsWith(message, body["message"]!.GetValue<string>());
        Assert.Equal(subject == "imported-value" ? "[1]" : null, (await _registry.GetAsync($"/subjects/{subject}/versions")).Body is { } v && v is System.Text.Json.Nodes.JsonArray ? v.ToJsonString() : null);
    }
}
