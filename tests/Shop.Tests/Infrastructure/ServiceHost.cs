using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Stormline.Hosting;

namespace Shop.Tests.Infrastructure;

/// <summary>One service running in-process on a real socket (port 0), with its own temp data folder and an HttpClient.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(WebApplication app, string dataDir)
    {
        App = app;
        DataDir = dataDir;
        Http = new HttpClient { BaseAddress = app.BaseAddress(), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    public HttpClient Http { get; }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<ServiceHost> Start(Func<string[], Task<WebApplication>> build, string bootstrapServers, params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "shop-tests-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--Urls=http://127.0.0.1:0",
            $"--Kafka:BootstrapServers={bootstrapServers}",
            "--Kafka:OutboxPollInterval=00:00:00.100",
            $"--Store:DataDir={dataDir}",
            "--Store:Provider=sqlite",
            "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => "--" + s),
        ];
        var app = await build(args);
        await app.StartAsync();
        return new ServiceHost(app, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow machine: the temp folder is cleaned up by the OS eventually
        }
    }
}
