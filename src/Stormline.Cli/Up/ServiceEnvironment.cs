namespace Stormline.Cli.Up;

/// <summary>
/// The configuration a service process gets from <c>up</c>, as .NET environment variables (services/README.md lists
/// the keys): where to listen, the broker, the registry and its own store under the data folder.
/// </summary>
public static class ServiceEnvironment
{
    public static IReadOnlyDictionary<string, string> For(ShopService service, string bootstrapServers, string? registryUrl, string dataDirectory,
        IReadOnlyDictionary<string, string> settings)
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
        };
        if (registryUrl is not null)
        {
            environment["SchemaRegistry__Url"] = registryUrl;
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return environment;
    }
}
