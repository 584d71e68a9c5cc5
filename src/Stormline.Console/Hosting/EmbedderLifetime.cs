using Microsoft.Extensions.Hosting;

namespace Stormline.OpsConsole.Hosting;

/// <summary>Signals belong to whoever hosts the console (the CLI, <c>stormline up</c>, tests), not to its web host.</summary>
internal sealed class EmbedderLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
