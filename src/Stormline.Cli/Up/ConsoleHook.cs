namespace Stormline.Cli.Up;

/// <summary>
/// CONSOLE HOOK: where <c>up</c> starts the web console on port 5100. The console (Stormline.Console, branch
/// <c>console</c>) is not in this build; once it is merged, replace the body of <see cref="StartAsync"/> with:
/// <code>
/// var options = new ConsoleOptions { Port = port, BootstrapServers = bootstrapServers, SchemaRegistryUrl = registryUrl, ModelFile = modelFile };
/// foreach (var s in services) options.HealthChecks[s.Name] = $"{s.Url}/health/ready";
/// var console = await ConsoleHost.StartAsync(options, loggerFactory, cancellationToken);
/// return (console.Url, console);
/// </code>
/// (add the console port to <c>ShopSystem.CheckPorts</c> as well). <c>up</c> prints the URL in its table and
/// disposes the console on stop. Until then nothing is started here and the table says so.
/// </summary>
public static class ConsoleHook
{
    public static Task<(string Url, IAsyncDisposable Handle)?> StartAsync(int port, string bootstrapServers, string? registryUrl, string modelFile,
        IReadOnlyList<ShopService> services, CancellationToken cancellationToken) =>
        Task.FromResult<(string Url, IAsyncDisposable Handle)?>(null);
}
