using Stormline.Registry.Storage;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Storage;

public sealed class RestartTests : IAsyncLifetime
{
    private readonly RegistryFixture _registry = new();

    public ValueTask InitializeAsync() => _registry.InitializeAsync();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    [Fact]
    public async Task Ids_versions_configs_and_deletes_survive_a_restart()
    {
        var expected = new Dictionary<(string Subject, int Version), int>();
        var registrations = Enumerable.Range(0, 1000).Select(async i =>
        {
            var subject = $"restart-{i % 100}";
            var schema = AvroSchemas.Record("R", AvroSchemas.Field("a", "\"string\""), AvroSchemas.Field("f" + i, "\"int\"", "0"));
            return (subject, i, await _registry.RegisterAsync(subject, schema));
        });
        var ids = new List<(string Subject, int I, int Id)>();
        foreach (var chunk in registrations.Chunk(50))
        {
            ids.AddRange(await Task.WhenAll(chunk));
        }

        Assert.Equal(1000, ids.Select(x => x.Id).Distinct().Count());
        for (var s = 0; s < 100; s++)
        {
            foreach (var version in (await _registry.GetAsync($"/subjects/restart-{s}/versions")).Body!.AsArray().Select(v => v!.GetValue<int>()))
            {
                expected[($"restart-{s}", version)] = (await _registry.GetAsync($"/subjects/restart-{s}/versions/{version}")).Body!["id"]!.GetValue<int>();
            }
        }

        await _registry.SendAsync(HttpMethod.Put, "/config/restart-0", """{"compatibility":"NONE"}""");
        await _registry.SendAsync(HttpMethod.Delete, "/subjects/restart-1");
        await _registry.RestartAsync();

        Assert.Equal(1000, expected.Count);
        foreach (var ((subject, version), id) in expected)
        {
            var deleted = subject == "restart-1" ? "?deleted=true" : "";
            Assert.Equal(id, (await _registry.GetAsync($"/subjects/{subject}/versions/{version}{deleted}")).Body!["id"]!.GetValue<int>());
        }

        Assert.Equal("""{"compatibilityLevel":"NONE"}""", (await _registry.GetAsync("/config/restart-0")).Body!.ToJsonString());
        Assert.Equal(404, (await _registry.GetAsync("/subjects/restart-1/versions")).Status);
        var next = await _registry.RegisterAsync("restart-new", AvroSchemas.Record("Fresh", AvroSchemas.Field("z", "\"long\"")));
        Assert.Equal(ids.Max(x => x.Id) + 1, next);
    }

    [Fact]
    public async Task A_torn_last_line_is_dropped_and_everything_acknowledged_stays()
    {
        var id = await _registry.RegisterAsync("torn", AvroSchemas.OrderV1);
        await _registry.Host.DisposeAsync();
        await File.AppendAllTextAsync(Path.Combine(_registry.DataDirectory, RegistryLogFile.FileName), """{"kind":"SCHEMA","subject":"torn","vers""");

        await _registry.RestartAsync();

        Assert.Equal(id, (await _registry.GetAsync("/subjects/torn/versions/latest")).Body!["id"]!.GetValue<int>());
        Assert.Equal(id + 1, await _registry.RegisterAsync("torn", AvroSchemas.OrderV2));
        await _registry.RestartAsync();
        Assert.Equal("[1,2]", (await _registry.GetAsync("/subjects/torn/versions")).Body!.ToJsonString());
    }
}
