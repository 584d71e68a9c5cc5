using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Rest;

public sealed class DeleteTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Soft_deleted_subject_hides_its_versions_but_keeps_ids_until_deleted_permanently()
    {
        // Schemas of its own: the class shares one registry, and a schema still used by another subject keeps its id.
        var v1 = AvroSchemas.Record("SoftDeleted", AvroSchemas.Field("id", "\"string\""));
        var v2 = AvroSchemas.Record("SoftDeleted", AvroSchemas.Field("id", "\"string\""), AvroSchemas.Field("total", "\"double\"", "0.0"));
        var id = await registry.RegisterAsync("del-subject", v1);
        await registry.RegisterAsync("del-subject", v2);

        Assert.Equal("[1,2]", (await registry.SendAsync(HttpMethod.Delete, "/subjects/del-subject")).Body!.ToJsonString());
        Assert.Equal(404, (await registry.GetAsync("/subjects/del-subject/versions")).Status);
        Assert.DoesNotContain("del-subject", (await registry.GetAsync("/subjects")).Body!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Contains("del-subject", (await registry.GetAsync("/subjects?deleted=true")).Body!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(200, (await registry.GetAsync($"/schemas/ids/{id}")).Status);
        Assert.Equal(40404, (await registry.SendAsync(HttpMethod.Delete, "/subjects/del-subject")).Body!["error_code"]!.GetValue<int>());

        Assert.Equal("[1,2]", (await registry.SendAsync(HttpMethod.Delete, "/subjects/del-subject?permanent=true")).Body!.ToJsonString());
        Assert.Equal(404, (await registry.GetAsync("/subjects/del-subject/versions?deleted=true")).Status);
        Assert.Equal(404, (await registry.GetAsync($"/schemas/ids/{id}")).Status);
        Assert.Equal(id, await registry.RegisterAsync("del-subject", v1)); // same schema, same id, back at version 1
        Assert.Equal("[1]", (await registry.GetAsync("/subjects/del-subject/versions")).Body!.ToJsonString());
    }

    [Fact]
    public async Task Permanent_delete_needs_a_soft_delete_first()
    {
        await registry.RegisterAsync("del-order", AvroSchemas.OrderV1);

        var (status, body) = await registry.SendAsync(HttpMethod.Delete, "/subjects/del-order?permanent=true");
        Assert.Equal(404, status);
        Assert.Equal("""{"error_code":40405,"message":"Subject \u0027del-order\u0027 was not deleted first before being permanently deleted"}""", body!.ToJsonString());
        var (_, versionBody) = await registry.SendAsync(HttpMethod.Delete, "/subjects/del-order/versions/1?permanent=true");
        Assert.Equal(40407, versionBody!["error_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Soft_deleted_version_is_hidden_and_skipped_by_latest()
    {
        await registry.RegisterAsync("del-version", AvroSchemas.OrderV1);
        await registry.RegisterAsync("del-version", AvroSchemas.OrderV2);

        Assert.Equal("2", (await registry.SendAsync(HttpMethod.Delete, "/subjects/del-version/versions/latest")).Body!.ToJsonString());
        Assert.Equal("[1]", (await registry.GetAsync("/subjects/del-version/versions")).Body!.ToJsonString());
        Assert.Equal(1, (await registry.GetAsync("/subjects/del-version/versions/latest")).Body!["version"]!.GetValue<int>());
        Assert.Equal(404, (await registry.GetAsync("/subjects/del-version/versions/2")).Status);
        Assert.Equal(2, (await registry.GetAsync("/subjects/del-version/versions/2?deleted=true")).Body!["version"]!.GetValue<int>());
        Assert.Equal(40406, (await registry.SendAsync(HttpMethod.Delete, "/subjects/del-version/versions/2")).Body!["error_code"]!.GetValue<int>());
        Assert.Equal("2", (await registry.SendAsync(HttpMethod.Delete, "/subjects/del-version/versions/2?permanent=true")).Body!.ToJsonString());
        Assert.Equal("[1]", (await registry.GetAsync("/subjects/del-version/versions?deleted=true")).Body!.ToJsonString());
    }
}
