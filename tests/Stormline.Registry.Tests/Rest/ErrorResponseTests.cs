using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Rest;

/// <summary>Every error the Confluent clients distinguish, with its exact status and body.</summary>
public sealed class ErrorResponseTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private async Task AssertError(HttpMethod method, string path, string? body, int status, string expectedBody)
    {
        var (actualStatus, actualBody) = await registry.SendAsync(method, path, body);
        Assert.Equal(status, actualStatus);
        Assert.Equal(expectedBody, actualBody!.ToJsonString());
    }

    [Fact]
    public Task Unknown_subject_is_40401() =>
        AssertError(HttpMethod.Get, "/subjects/nope/versions", null, 404, """{"error_code":40401,"message":"Subject \u0027nope\u0027 not found."}""");

    [Fact]
    public async Task Unknown_version_is_40402()
    {
        await registry.RegisterAsync("err-version", AvroSchemas.OrderV1);
        await AssertError(HttpMethod.Get, "/subjects/err-version/versions/7", null, 404, """{"error_code":40402,"message":"Version 7 not found."}""");
    }

    [Fact]
    public async Task Unknown_schema_is_40403_by_id_and_on_lookup()
    {
        await AssertError(HttpMethod.Get, "/schemas/ids/99999", null, 404, """{"error_code":40403,"message":"Schema 99999 not found"}""");
        await registry.RegisterAsync("err-lookup", AvroSchemas.OrderV1);
        await AssertError(HttpMethod.Post, "/subjects/err-lookup", RegistryFixture.SchemaBody(AvroSchemas.OrderV2), 404, """{"error_code":40403,"message":"Schema not found"}""");
        await AssertError(HttpMethod.Post, "/subjects/err-lookup-none", RegistryFixture.SchemaBody(AvroSchemas.OrderV2), 404, """{"error_code":40401,"message":"Subject \u0027err-lookup-none\u0027 not found."}""");
    }

    [Fact]
    public async Task Incompatible_schema_is_409_with_the_reasons()
    {
        await registry.RegisterAsync("err-compat", AvroSchemas.OrderV1);
        var (status, body) = await registry.PostAsync("/subjects/err-compat/versions", RegistryFixture.SchemaBody(AvroSchemas.Record("Order", AvroSchemas.Field("id", "\"int\""))));

        Assert.Equal(409, status);
        Assert.Equal(409, body!["error_code"]!.GetValue<int>());
        var message = body["message"]!.GetValue<string>();
        Assert.StartsWith("Schema being registered is incompatible with an earlier schema for subject \"err-compat\", details: [{errorType:'TYPE_MISMATCH'", message);
        Assert.Contains("field 'id' (path '/fields/0/type')", message);
        Assert.Equal("[1]", (await registry.GetAsync("/subjects/err-compat/versions")).Body!.ToJsonString());
    }

    [Fact]
    public async Task Changing_the_schema_type_of_a_subject_is_incompatible()
    {
        await registry.RegisterAsync("err-typechange", AvroSchemas.OrderV1);

        var (status, body) = await registry.PostAsync("/subjects/err-typechange/versions", RegistryFixture.SchemaBody("""{"type":"object"}""", "JSON"));

        Assert.Equal(409, status);
        Assert.Contains("the schema type changed from AVRO to JSON", body!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"record","name":"Broken"}""", "AVRO")]
    [InlineData("""{"type":"nosuchtype"}""", "AVRO")]
    [InlineData("not json at all", "JSON")]
    [InlineData("""{"type":"strnig"}""", "JSON")]
    public async Task Invalid_schema_is_42201_and_nothing_is_stored(string schema, string schemaType)
    {
        var (status, body) = await registry.PostAsync("/subjects/err-invalid/versions", RegistryFixture.SchemaBody(schema, schemaType));

        Assert.Equal(422, status);
        Assert.Equal(42201, body!["error_code"]!.GetValue<int>());
        Assert.StartsWith("Invalid schema", body["message"]!.GetValue<string>());
        Assert.Equal(404, (await registry.GetAsync("/subjects/err-invalid/versions")).Status);
    }

    [Fact]
    public Task Protobuf_is_42201_not_supported() =>
        AssertError(HttpMethod.Post, "/subjects/err-proto/versions", RegistryFixture.SchemaBody("syntax = \"proto3\"; message A {}", "PROTOBUF"), 422,
            """{"error_code":42201,"message":"Schema type PROTOBUF is not supported by this registry; supported types are AVRO and JSON"}""");

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("abc")]
    [InlineData("99999999999")]
    public async Task Invalid_version_is_42202(string version)
    {
        await registry.RegisterAsync("err-badversion", AvroSchemas.OrderV1);
        await AssertError(HttpMethod.Get, $"/subjects/err-badversion/versions/{version}", null, 422,
            $$"""{"error_code":42202,"message":"The specified version \u0027{{version}}\u0027 is not a valid version id. Allowed values are between [1, 2^31-1] and the string \u0022latest\u0022"}""");
    }

    [Fact]
    public Task Unknown_compatibility_level_is_42203() =>
        AssertError(HttpMethod.Put, "/config", """{"compatibility":"SIDEWAYS"}""", 422,
            """{"error_code":42203,"message":"Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"}""");

    [Fact]
    public Task Subject_without_its_own_config_is_40408() =>
        AssertError(HttpMethod.Get, "/config/err-noconfig", null, 404,
            """{"error_code":40408,"message":"Subject \u0027err-noconfig\u0027 does not have subject-level compatibility configured"}""");

    [Theory]
    [InlineData("{\"schema\": ")]
    [InlineData("[1,2]")]
    [InlineData("{\"schema\": 42}")]
    public async Task Malformed_body_is_422_and_nothing_is_stored(string body)
    {
        var (status, error) = await registry.PostAsync("/subjects/err-badjson/versions", body);

        Assert.Equal(422, status);
        Assert.Equal(422, error!["error_code"]!.GetValue<int>());
        Assert.Equal(404, (await registry.GetAsync("/subjects/err-badjson/versions")).Status);
    }

    [Fact]
    public async Task Read_only_mode_refuses_writes_with_42205()
    {
        await registry.SendAsync(HttpMethod.Put, "/mode/err-readonly", """{"mode":"READONLY"}""");

        await AssertError(HttpMethod.Post, "/subjects/err-readonly/versions", RegistryFixture.SchemaBody(AvroSchemas.OrderV1), 422,
            """{"error_code":42205,"message":"Subject err-readonly is in read-only mode"}""");
        await AssertError(HttpMethod.Put, "/mode", """{"mode":"SOMETIMES"}""", 422,
            """{"error_code":42204,"message":"Invalid mode \u0027SOMETIMES\u0027. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT"}""");
    }

    [Fact]
    public Task Unknown_path_is_a_404_error_body() =>
        AssertError(HttpMethod.Get, "/no/such/path", null, 404, """{"error_code":404,"message":"HTTP 404 Not Found"}""");

    [Fact]
    public async Task Huge_body_is_refused_and_nothing_is_stored()
    {
        var huge = RegistryFixture.SchemaBody(AvroSchemas.Record("Huge", AvroSchemas.Field("a", "\"string\"")) + new string(' ', 3 * 1024 * 1024));

        // Expect: 100-continue lets the refusal arrive before the client streams the body into a closed connection.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/subjects/err-huge/versions")
        {
            Content = new StringContent(huge, System.Text.Encoding.UTF8, RegistryFixture.MediaType),
        };
        request.Headers.ExpectContinue = true;
        using var response = await registry.Http.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("\"error_code\":413", await response.Content.ReadAsStringAsync());
        Assert.Equal(404, (await registry.GetAsync("/subjects/err-huge/versions")).Status);
    }
}
