using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stormline.Ops.Collecting;

namespace Stormline.Ops.Tests.Metrics;

/// <summary>A real ASP.NET Core host on a free port with AddStormlineOps and MapStormlineMetrics, as the console wires them.</summary>
internal sealed class OpsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OpsHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public IServiceProvider Services => _app.Services;

    public ClusterCollector Collector => _app.Services.GetRequiredService<ClusterCollector>();

    public static async Task<OpsHost> StartAsync(string bootstrap, Action<OpsOptions>? configure = null)
    {
        var (app, url) = await LocalWebApp.StartAsync(
            app => app.MapStormlineMetrics(),
            services => services.AddStormlineOps(o =>
            {
                o.Collector.BootstrapServers = bootstrap;
                o.Collector.PollInterval = TimeSpan.FromMilliseconds(500);
                o.StartCollector = false;
                configure?.Invoke(o);
            }));
        return new OpsHost(app, url);
    }

    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        return await http.GetStringAsync("/metrics");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
