using Microsoft.Extensions.Hosting;

namespace Stormline.Registry;

/// <summary>
/// Leaves signals to whoever embeds the registry (the CLI, <c>stormline up</c>, tests). The default console lifetime
/// would grab Ctrl-C/SIGTERM for itself and race the embedder's own shutdown.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
