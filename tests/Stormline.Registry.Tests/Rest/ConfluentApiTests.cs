using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Rest;

/// <summary>The rest of Confluent's REST surface: data contracts, referencedby, DELETE /mode, GET /schemas, the default context.</summary>
public sealed class ConfluentApiTests : IAsyncLifetime
{
    private const string Metadata = """{"properties":{"owner":"orders-team","pii":"email"},"tags":{"email":["PII"]}}""";
    private const string RuleSet = """{"domainRules":[{"name":"totalPositive","kind":"CONDITION","mode":"WRITE","type":"CEL","expr":"message.total > 0"}]}""";

    private readonly RegistryFixture _registry = new();

    public ValueTask InitializeAsync() => _registry.InitializeAsync();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    private RegistryClient Client() => new(_registry.Http);

    [Fact]
    public async Task Metadata_and_rule_set_are_stored_returned_and_survive_a_restart()
    {
        var schema = System.Text.Json.JsonSerializer.Serialize(AvroSchemas.OrderV1);
        var body = $$"""{"schema":{{schema}},"metadata":{{Metadata}},"ruleSet":{{RuleSet}}}""";
        var (status, registered) = await Client().PostAsync("/subjects/contract-value/versions", body);
        Assert.Equal(200, status);
        var id = registered!["id"]!.GetValue<int>();

        await _registry.RestartAsync();

        var client = Client();
        var version = (await client.GetAsync("/subjects/contract-value/versions/1")).Body!;
        var byId = (await client.GetAsync($"/schemas/ids/{id}")).Body!;
        Assert.Equal("orders-team", version["metadata"]!["properties"]!["owner"]!.GetValue<string>());
        Assert.Equal("message.total > 0", version["ruleSet"]!["domainRules"]![0]!["expr"]!.GetValue<string>());
        Assert.Equal("PII", byId["metadata"]!["tags"]!["email"]![0]!.GetValue<string>());
        Assert.Equal("CEL", byId["ruleSet"]!["domainRules"]![0]!["type"]!.GetValue<string>());

        // A serializer sends the schema alone: it finds the version that has it, contract and all, and registers nothing new.
        var (lookupStatus, found) = await client.PostAsync("/subjects/contract-value", RegistryFixture.SchemaBody(AvroSchemas.OrderV1));
        Assert.Equal(200, lookupStatus);
        Assert.Equal(id, found!["id"]!.GetValue<int>());
        Assert.Equal(id, await client.RegisterAsync("contract-value", AvroSchemas.OrderV1));

        // Another contract on the same schema is another schema: a new id and version.
        var (changedStatus, changed) = await client.PostAsync("/subjects/contract-value/versions", body.Replace("orders-team", "billing-team", StringComparison.Ordinal));
        Assert.Equal(200, changedStatus);
        Assert.NotEqual(id, changed!["id"]!.GetValue<int>());
        Assert.Equal("[1,2]", (await client.GetAsync("/subjects/contract-value/versions")).Body!.ToJsonString());
    }

    [Fact]
    public async Task Referencedby_lists_the_ids_of_schemas_referencing_a_version()
    {
        var client = Client();
        await client.RegisterAsync("shop.Money", """{"type":"record","name":"Money","namespace":"shop","fields":[{"name":"cents","type":"long"}]}""");
        var (_, priced) = await client.PostAsync("/subjects/priced-value/versions",
            """{"schema":"{\"type\":\"record\",\"name\":\"Priced\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"price\",\"type\":\"shop.Money\"}]}","references":[{"name":"shop.Money","subject":"shop.Money","version":1}]}""");

        var (status, ids) = await client.GetAsync("/subjects/shop.Money/versions/1/referencedby");
        var (latestStatus, latest) = await client.GetAsync("/subjects/shop.Money/versions/latest/referencedby");
        var (missingStatus, missing) = await client.GetAsync("/subjects/shop.Money/versions/7/referencedby");
        var (noSubject, _) = await client.GetAsync("/subjects/nothing/versions/1/referencedby");

        Assert.Equal(200, status);
        Assert.Equal($"[{priced!["id"]}]", ids!.ToJsonString());
        Assert.Equal(200, latestStatus);
        Assert.Equal(ids.ToJsonString(), latest!.ToJsonString());
        Assert.Equal(404, missingStatus);
        Assert.Equal(40402, missing!["error_code"]!.GetValue<int>());
        Assert.Equal(404, noSubject);
        Assert.Equal("[]", (await client.GetAsync("/subjects/priced-value/versions/1/referencedby")).Body!.ToJsonString());
    }

    [Fact]
    public async Task Delete_mode_drops_the_subjects_own_mode_and_returns_it()
    {
        var client = Client();
        Assert.Equal(200, (await client.PutAsync("/mode/frozen-value", """{"mode":"READONLY"}""")).Status);

        var (status, previous) = await client.SendAsync(HttpMethod.Delete, "/mode/frozen-value");
        var (again, error) = await client.SendAsync(HttpMethod.Delete, "/mode/frozen-value");

        Assert.Equal(200, status);
        Assert.Equal("""{"mode":"READONLY"}""", previous!.ToJsonString());
        Assert.Equal(404, again);
        Assert.Equal(40409, error!["error_code"]!.GetValue<int>());
        Assert.Equal("READWRITE", (await client.GetAsync("/mode/frozen-value?defaultToGlobal=true")).Body!["mode"]!.GetValue<string>());
        await client.RegisterAsync("frozen-value", AvroSchemas.OrderV1); // writable again
    }

    [Fact]
    public async Task Get_schemas_filters_by_prefix_deleted_and_latest_and_pages()
    {
        var client = Client();
        await client.RegisterAsync("list-a", AvroSchemas.OrderV1);
        await client.RegisterAsync("list-a", AvroSchemas.OrderV2);
        await client.RegisterAsync("list-b", AvroSchemas.OrderV1);
        await client.RegisterAsync("other", AvroSchemas.OrderV1);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Delete, "/subjects/list-b/versions/1")).Status);

        static string Pairs(System.Text.Json.Nodes.JsonNode? list) =>
            string.Join(" ", list!.AsArray().Select(s => $"{s!["subject"]}/{s["version"]}"));

        Assert.Equal("list-a/1 list-a/2", Pairs((await client.GetAsync("/schemas?subjectPrefix=list")).Body));
        Assert.Equal("list-a/1 list-a/2 list-b/1", Pairs((await client.GetAsync("/schemas?subjectPrefix=list&deleted=true")).Body));
        Assert.Equal("list-a/2 list-b/1", Pairs((await client.GetAsync("/schemas?subjectPrefix=list&deleted=true&latestOnly=true")).Body));
        Assert.Equal("list-a/2 list-b/1", Pairs((await client.GetAsync("/schemas?subjectPrefix=list&deleted=true&offset=1&limit=2")).Body));
        Assert.Equal("list-a/1 list-a/2 list-b/1 other/1", Pairs((await client.GetAsync("/schemas?deleted=true")).Body));
        var first = (await client.GetAsync("/schemas?subjectPrefix=other")).Body!.AsArray().Single()!;
        Assert.Equal(await client.IdOfAsync("other", 1), first["id"]!.GetValue<int>());
        Assert.Contains("\"record\"", first["schema"]!.GetValue<string>());
        Assert.Equal(422, (await client.GetAsync("/schemas?limit=ten")).Status);
    }

    [Fact]
    public async Task The_default_context_prefix_names_the_same_subject()
    {
        var client = Client();
        var id = await client.RegisterAsync(":.:ctx-orders-value", AvroSchemas.OrderV1);

        Assert.Equal(id, await client.IdOfAsync("ctx-orders-value", 1));
        Assert.Equal(id, await client.IdOfAsync(":.:ctx-orders-value", 1));
        Assert.Equal(id, await client.IdOfAsync("%3A.%3Actx-orders-value", 1));
        Assert.Equal("""["ctx-orders-value"]""", (await client.GetAsync("/subjects?subjectPrefix=:.:ctx-")).Body!.ToJsonString());
        Assert.Equal(200, (await client.PutAsync("/config/:.:ctx-orders-value", """{"compatibility":"FULL"}""")).Status);
        Assert.Equal("FULL", (await client.GetAsync("/config/ctx-orders-value")).Body!["compatibilityLevel"]!.GetValue<string>());
        var (status, check) = await client.PostAsync("/compatibility/subjects/:.:ctx-orders-value/versions/latest", RegistryFixture.SchemaBody(AvroSchemas.OrderV1));
        Assert.Equal(200, status);
        Assert.True(check!["is_compatible"]!.GetValue<bool>());
    }
}
