using Stormline.Model.Generation;
using Stormline.Cli.Schemas;

namespace Stormline.Cli.Up;

/// <summary>
/// The configuration a service process gets from <c>up</c>, as .NET environment variables (services/README.md lists
/// the keys): where to listen, the broker, the registry and the wire format, and its own store under the data folder.
/// </summary>
public static class ServiceEnvironment
{
    public static IReadOnlyDictionary<string, string> For(ShopService service, string bootstrapServers, string? registryUrl, SchemaFormat format,
        string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var store = Path.Combine(dataDirectory, service.Key);
        Directory.CreateDirectory(store);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Urls"] = service.Url,
            ["ASPNETCORE_URLS"] = service.Url,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Kafka__BootstrapServers"] = bootstrapServers,
            // Static group membership: a service restarted after a crash takes its partitions back at once instead
            // of waiting out the session of its dead self.
            ["Kafka__InstanceId"] = service.Key + "-0",
            ["Store__Provider"] = "sqlite",
            ["Store__DataDir"] = store,
            // A 64 MB first-generation budget instead of the workstation GC's few megabytes: a busy service then
            // collects a quarter as often (about 12 % less CPU per order in docs/benchmarks.md). Environment only: the
            // runtime reads this knob from nowhere else.
            ["DOTNET_GCgen0size"] = "0x4000000",
        };
        if (registryUrl is not null)
        {
            // Every event goes out in Confluent's wire format with the id of the schema up registered before the services started.
            environment["SchemaRegistry__Url"] = registryUrl;
            environment["SchemaRegistry__Format"] = format == SchemaFormat.Avro ? "avro" : "json";
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return environment;
    }
}
