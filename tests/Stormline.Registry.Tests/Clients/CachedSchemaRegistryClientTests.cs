using Confluent.SchemaRegistry;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Clients;

/// <summary>Confluent.SchemaRegistry 2.16's own client against our registry: what it sends, it must understand back.</summary>
public sealed class CachedSchemaRegistryClientTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private CachedSchemaRegistryClient Client() => new(new SchemaRegistryConfig { Url = registry.Url });

    [Fact]
    public async Task Register_get_by_id_latest_versions_and_lookup()
    {
        using var client = Client();
        var id = await client.RegisterSchemaAsync("client-value", new Schema(AvroSchemas.OrderV1, SchemaType.Avro));
        var id2 = await client.RegisterSchemaAsync("client-value", new Schema(AvroSchemas.OrderV2, SchemaType.Avro));

        var byId = await client.GetSchemaAsync(id);
        var latest = await client.GetLatestSchemaAsync("client-value");
        var found = await client.LookupSchemaAsync("client-value", new Schema(AvroSchemas.OrderV1, SchemaType.Avro), ignoreDeletedSchemas: true);

        Assert.Equal(SchemaType.Avro, byId.SchemaType);
        Assert.Contains("\"Order\"", byId.SchemaString);
        Assert.Equal(id2, latest.Id);
        Assert.Equal(2, latest.Version);
        Assert.Equal(id, found.Id);
        Assert.Contains("client-value", await client.GetAllSubjectsAsync());
        Assert.Equal([1, 2], await client.GetSubjectVersionsAsync("client-value"));
    }

    [Fact]
    public async Task Compatibility_and_config()
    {
        using var client = Client();
        await client.RegisterSchemaAsync("client-compat", new Schema(AvroSchemas.OrderV1, SchemaType.Avro));

        Assert.True(await client.IsCompatibleAsync("client-compat", new Schema(AvroSchemas.OrderV2, SchemaType.Avro)));
        var breaking = new Schema(AvroSchemas.Record("Order", AvroSchemas.Field("id", "\"string\""), AvroSchemas.Field("qty", "\"int\"")), SchemaType.Avro);
        Assert.False(await client.IsCompatibleAsync("client-compat", breaking));
        var ex = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("client-compat", breaking));
        Assert.Equal(409, ex.ErrorCode);

        Assert.Equal(Compatibility.Forward, await client.UpdateCompatibilityAsync(Compatibility.Forward, "client-compat"));
        Assert.Equal(Compatibility.Forward, await client.GetCompatibilityAsync("client-compat"));
        Assert.Equal(Compatibility.Backward, await client.GetCompatibilityAsync());
        Assert.True(await client.IsCompatibleAsync("client-compat", breaking)); // FORWARD: the old reader ignores the new field
    }

    [Fact]
    public async Task Json_schema_registers_and_reads_back()
    {
        using var client = Client();
        var id = await client.RegisterSchemaAsync("client-json", new Schema("""{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}""", SchemaType.Json));

        var schema = await client.GetSchemaAsync(id);

        Assert.Equal(SchemaType.Json, schema.SchemaType);
    }
}
