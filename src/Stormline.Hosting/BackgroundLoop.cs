using Microsoft.Extensions.Hosting;

namespace Stormline.Hosting;

/// <summary>A hosted loop built from a delegate (a saga's deadline timer, a local log feed), off the start-up path.</summary>
internal sealed class BackgroundLoop(Func<CancellationToken, Task> run) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => run(stoppingToken), CancellationToken.None);
}
