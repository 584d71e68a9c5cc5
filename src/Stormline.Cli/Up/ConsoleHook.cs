namespace Stormline.Cli.Up;

/// <summary>
/// CONSOLE HOOK: where <c>up</c> starts the web console (<c>stormline console</c>, Stormline.Ops) on port 5100 once it
/// lands. Replace <see cref="StartAsync"/>'s body with the console's in-process start (bootstrap, registry URL and the
/// services' URLs are passed in) and return its URL; <c>up</c> then prints it in the URL table and disposes it on stop.
/// Until then it starts nothing and the table says so.
/// </summary>
public static class ConsoleHook
{
    public static Task<(string Url, IAsyncDisposable Handle)?> StartAsync(int port, string bootstrapServers, string? registryUrl,
        IReadOnlyList<ShopService> services, CancellationToken cancellationToken) =>
        Task.FromResult<(string Url, IAsyncDisposable Handle)?>(null);
}
