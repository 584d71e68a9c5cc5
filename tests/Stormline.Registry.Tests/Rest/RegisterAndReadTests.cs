using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Rest;

public sealed class RegisterAndReadTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Registering_returns_a_global_id_and_the_same_schema_under_two_subjects_gets_it_once()
    {
        var id = await registry.RegisterAsync("same-a", AvroSchemas.Record("Same", AvroSchemas.Field("x", "\"int\"")));
        var again = await registry.RegisterAsync("same-a", AvroSchemas.Record("Same", AvroSchemas.Field("x", "\"int\"")));
        var other = await registry.RegisterAsync("same-b", AvroSchemas.Record("Same", AvroSchemas.Field("x", "\"int\"")));

        Assert.Equal(id, again);
        Assert.Equal(id, other);
        var (_, versions) = await registry.GetAsync($"/schemas/ids/{id}/versions");
        Assert.Equal("""[{"subject":"same-a","version":1},{"subject":"same-b","version":1}]""", versions!.ToJsonString());
    }

    [Fact]
    public async Task Whitespace_does_not_make_a_new_schema()
    {
        var id = await registry.RegisterAsync("spaces", """{"type": "record", "name": "Spaced", "fields": [ {"name": "a", "type": "string"} ]}""");
        var again = await registry.RegisterAsync("spaces", """{"type":"record","name":"Spaced","fields":[{"name":"a","type":"string"}]}""");

        Assert.Equal(id, again);
    }

    [Fact]
    public async Task Versions_latest_raw_schema_and_lookup_answer_in_confluent_shapes()
    {
        var id1 = await registry.RegisterAsync("orders-value", AvroSchemas.OrderV1);
        var id2 = await registry.RegisterAsync("orders-value", AvroSchemas.OrderV2);

        Assert.Equal("[1,2]", (await registry.GetAsync("/subjects/orders-value/versions")).Body!.ToJsonString());
        var latest = (await registry.GetAsync("/subjects/orders-value/versions/latest")).Body!;
        Assert.Equal("orders-value", latest["subject"]!.GetValue<string>());
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        Assert.Equal(id2, latest["id"]!.GetValue<int>());
        Assert.Null(latest["schemaType"]); // AVRO is left out, as Confluent does
        Assert.Equal(1, (await registry.GetAsync("/subjects/orders-value/versions/1")).Body!["version"]!.GetValue<int>());
        Assert.Equal("record", (await registry.GetAsync("/subjects/orders-value/versions/1/schema")).Body!["type"]!.GetValue<string>());
        Assert.Contains("orders-value", (await registry.GetAsync("/subjects")).Body!.AsArray().Select(s => s!.GetValue<string>()));

        var (status, found) = await registry.PostAsync("/subjects/orders-value?normalize=False&deleted=False", RegistryFixture.SchemaBody(AvroSchemas.OrderV1));
        Assert.Equal(200, status);
        Assert.Equal(id1, found!["id"]!.GetValue<int>());
        Assert.Equal(1, found["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Schemas_by_id_and_types()
    {
        var id = await registry.RegisterAsync("json-value", """{"type":"object","properties":{"a":{"type":"string"}}}""", "JSON");

        var (status, body) = await registry.GetAsync($"/schemas/ids/{id}");
        Assert.Equal(200, status);
        Assert.Equal("JSON", body!["schemaType"]!.GetValue<string>());
        Assert.Equal("""{"type":"object","properties":{"a":{"type":"string"}}}""", body["schema"]!.GetValue<string>());
        Assert.Equal("""["JSON","AVRO"]""", (await registry.GetAsync("/schemas/types")).Body!.ToJsonString());
        Assert.Equal("[\"json-value\"]", (await registry.GetAsync($"/schemas/ids/{id}/subjects")).Body!.ToJsonString());
    }

    [Fact]
    public async Task Normalize_makes_key_order_irrelevant()
    {
        var id = await registry.RegisterAsync("norm", """{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}""", "JSON");
        var (_, body) = await registry.PostAsync("/subjects/norm/versions?normalize=true", RegistryFixture.SchemaBody("""{"properties":{"a":{"type":"integer"},"b":{"type":"string"}},"type":"object"}""", "JSON"));
        var (_, again) = await registry.PostAsync("/subjects/norm/versions?normalize=true", RegistryFixture.SchemaBody("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}}}""", "JSON"));

        Assert.NotEqual(id, body!["id"]!.GetValue<int>()); // the first was stored as written
        Assert.Equal(body["id"]!.GetValue<int>(), again!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Config_and_mode_read_and_write_with_confluent_keys()
    {
        Assert.Equal("""{"compatibilityLevel":"BACKWARD"}""", (await registry.GetAsync("/config")).Body!.ToJsonString());
        var (status, put) = await registry.SendAsync(HttpMethod.Put, "/config/cfg-subject", """{"compatibility":"full_transitive"}""");
        Assert.Equal(200, status);
        Assert.Equal("""{"compatibility":"FULL_TRANSITIVE"}""", put!.ToJsonString());
        Assert.Equal("""{"compatibilityLevel":"FULL_TRANSITIVE"}""", (await registry.GetAsync("/config/cfg-subject")).Body!.ToJsonString());
        Assert.Equal("""{"compatibilityLevel":"FULL_TRANSITIVE"}""", (await registry.SendAsync(HttpMethod.Delete, "/config/cfg-subject")).Body!.ToJsonString());
        Assert.Equal("""{"compatibilityLevel":"BACKWARD"}""", (await registry.GetAsync("/config/cfg-subject?defaultToGlobal=true")).Body!.ToJsonString());
        Assert.Equal("""{"mode":"READWRITE"}""", (await registry.GetAsync("/mode")).Body!.ToJsonString());
    }

    [Fact]
    public async Task Compatibility_endpoint_answers_with_and_without_reasons()
    {
        await registry.RegisterAsync("compat-value", AvroSchemas.OrderV1);
        var breaking = RegistryFixture.SchemaBody(AvroSchemas.Record("Order", AvroSchemas.Field("id", "\"string\""), AvroSchemas.Field("qty", "\"int\"")));

        var (_, quiet) = await registry.PostAsync("/compatibility/subjects/compat-value/versions/latest", breaking);
        var (_, verbose) = await registry.PostAsync("/compatibility/subjects/compat-value/versions/1?verbose=true", breaking);
        var (_, fine) = await registry.PostAsync("/compatibility/subjects/compat-value/versions/latest", RegistryFixture.SchemaBody(AvroSchemas.OrderV2));
        var (_, fresh) = await registry.PostAsync("/compatibility/subjects/no-such-subject/versions/latest", breaking);

        Assert.Equal("""{"is_compatible":false}""", quiet!.ToJsonString());
        Assert.False(verbose!["is_compatible"]!.GetValue<bool>());
        var first = verbose["messages"]![0]!.GetValue<string>();
        Assert.Contains("READER_FIELD_MISSING_DEFAULT_VALUE", first);
        Assert.Contains("field 'qty'", first);
        Assert.Contains("/fields/1", first);
        Assert.Contains("{oldSchemaVersion: 1}", verbose["messages"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.True(fine!["is_compatible"]!.GetValue<bool>());
        Assert.True(fresh!["is_compatible"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_schema_get_one_id()
    {
        var schema = AvroSchemas.Record("Racy", AvroSchemas.Field("r", "\"string\""));

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => registry.RegisterAsync($"race-{i % 4}", schema)));

        Assert.Single(ids.Distinct());
        Assert.Equal("[1]", (await registry.GetAsync("/subjects/race-0/versions")).Body!.ToJsonString());
    }

    [Fact]
    public async Task Avro_schema_references_resolve_named_types_from_another_subject()
    {
        await registry.RegisterAsync("shop.Money", """{"type":"record","name":"Money","namespace":"shop","fields":[{"name":"cents","type":"long"}]}""");
        var body = """{"schema":"{\"type\":\"record\",\"name\":\"Priced\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"price\",\"type\":\"shop.Money\"}]}","references":[{"name":"shop.Money","subject":"shop.Money","version":1}]}""";

        var (status, registered) = await registry.PostAsync("/subjects/priced-value/versions", body);
        var (missingStatus, missing) = await registry.PostAsync("/subjects/priced-value/versions", body.Replace("\"version\":1", "\"version\":9", StringComparison.Ordinal));

        Assert.Equal(200, status);
        var byId = (await registry.GetAsync($"/schemas/ids/{registered!["id"]}")).Body!;
        Assert.Equal("""[{"name":"shop.Money","subject":"shop.Money","version":1}]""", byId["references"]!.ToJsonString());
        Assert.Equal(422, missingStatus);
        Assert.Equal(42201, missing!["error_code"]!.GetValue<int>());

        var (deleteStatus, refused) = await registry.SendAsync(HttpMethod.Delete, "/subjects/shop.Money");
        Assert.Equal(422, deleteStatus);
        Assert.Equal("""{"error_code":42206,"message":"One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=shop.Money,version=1}."}""", refused!.ToJsonString());
    }

    [Fact]
    public async Task Json_schema_references_are_followed_by_the_compatibility_check()
    {
        await registry.RegisterAsync("json-customer-v1", """{"type":"object","properties":{"name":{"type":"string"}}}""", "JSON");
        await registry.RegisterAsync("json-customer-v2", """{"type":"object","properties":{"name":{"type":"integer"}}}""", "JSON");
        static string Body(string subject) =>
            """{"schemaType":"JSON","schema":"{\"type\":\"object\",\"properties\":{\"customer\":{\"$ref\":\"customer.json\"}}}","references":[{"name":"customer.json","subject":"SUBJECT","version":1}]}"""
                .Replace("SUBJECT", subject, StringComparison.Ordinal);

        var (first, _) = await registry.PostAsync("/subjects/json-order-value/versions", Body("json-customer-v1"));
        var (same, _) = await registry.PostAsync("/compatibility/subjects/json-order-value/versions/latest?verbose=true", Body("json-customer-v1"));
        var (changedStatus, changed) = await registry.PostAsync("/compatibility/subjects/json-order-value/versions/latest?verbose=true", Body("json-customer-v2"));
        var (dangling, danglingBody) = await registry.PostAsync("/compatibility/subjects/json-order-value/versions/latest?verbose=true",
            """{"schemaType":"JSON","schema":"{\"type\":\"object\",\"properties\":{\"customer\":{\"$ref\":\"elsewhere.json\"}}}"}""");

        Assert.Equal(200, first);
        Assert.Equal(200, same);
        Assert.Equal(200, changedStatus);
        Assert.False(changed!["is_compatible"]!.GetValue<bool>());
        Assert.Contains("TYPE_CHANGED", changed["messages"]![0]!.GetValue<string>());
        Assert.Contains("#/properties/customer/properties/name/type", changed["messages"]![0]!.GetValue<string>());
        Assert.Equal(200, dangling);
        Assert.False(danglingBody!["is_compatible"]!.GetValue<bool>());
        Assert.Contains("UNRESOLVED_REFERENCE", danglingBody["messages"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Stored_avro_text_keeps_what_compatibility_needs()
    {
        var schema = """{"type":"record","name":"Kept","namespace":"shop","aliases":["OldKept"],"doc":"d","fields":[{"name":"a","aliases":["olda"],"type":{"type":"int","logicalType":"date"},"default":0},{"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y"],"default":"X"}}]}""";

        var id = await registry.RegisterAsync("kept", schema);
        var stored = (await registry.GetAsync($"/schemas/ids/{id}")).Body!["schema"]!.GetValue<string>();

        foreach (var part in new[] { "\"aliases\":[\"olda\"]", "\"default\":0", "\"logicalType\":\"date\"", "\"default\":\"X\"", "OldKept" })
        {
            Assert.Contains(part, stored);
        }
    }

    [Fact]
    public async Task Stored_json_schema_text_keeps_characters_as_written()
    {
        const string schema = """{"type":"string","description":"it's <b> & +1 → ok"}""";

        var id = await registry.RegisterAsync("chars", schema, "JSON");
        using var response = await registry.Http.GetAsync($"/schemas/ids/{id}/schema");

        Assert.Equal(schema, await response.Content.ReadAsStringAsync());
    }
}
