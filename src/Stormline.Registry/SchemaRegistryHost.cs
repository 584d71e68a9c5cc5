using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Registry.Rest;
using Stormline.Registry.Security;

namespace Stormline.Registry;

/// <summary>The registry on its own Kestrel listener: in-process for <c>stormline up</c> and tests, or as <c>stormline registry</c>.</summary>
public sealed class SchemaRegistryHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private SchemaRegistryHost(WebApplication app, string url, RegistryFaults faults)
    {
        _app = app;
        Url = url;
        Faults = faults;
        StoreLocation = app.Services.GetRequiredService<SchemaRegistry>().StoreLocation;
    }

    /// <summary>Fault injection for tests (a registry outage); inert until used.</summary>
    public RegistryFaults Faults { get; }

    /// <summary>The base URL clients use, e.g. <c>http://127.0.0.1:8081</c>.</summary>
    public string Url { get; }

    /// <summary>Where the records are kept: the log file's path, or <c>topic@bootstrap</c>.</summary>
    public string StoreLocation { get; }

    public static async Task<SchemaRegistryHost> StartAsync(RegistryOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The registry's own messages only: per-request and lifetime chatter from ASP.NET would drown them.
        builder.Logging.ClearProviders().AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory ?? NullLoggerFactory.Instance));
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS endpoints out unless asked
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.Kestrel?.GetSection("Endpoints").GetChildren().Any() == true)
            {
                kestrel.Configure(options.Kestrel);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Host), options.Port);
            }

            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Services.AddSchemaRegistry(o =>
        {
            o.Host = options.Host;
            o.Port = options.Port;
            o.DataDirectory = options.DataDirectory;
            o.BootstrapServers = options.BootstrapServers;
            o.Topic = options.Topic;
            o.StoreTimeout = options.StoreTimeout;
            o.DefaultCompatibility = options.DefaultCompatibility;
            o.MaxRequestBodyBytes = options.MaxRequestBodyBytes;
        });

        var users = options.Users.Concat(options.UsersFile is { } file ? RegistryUsersFile.Load(file) : []).ToList();
        var app = builder.Build();
        if (users.Count > 0)
        {
            // First, so nothing below (fault injection included) answers a caller who has not authenticated.
            app.Use(new RegistryAuthentication(users).InvokeAsync);
        }

        var faults = new RegistryFaults(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<RegistryFaults>());
        app.Use((context, next) => faults.InvokeAsync(context, next));
        app.MapSchemaRegistryApi();

        // A standalone registry owns every path, so unknown ones get Confluent's error body too.
        app.MapFallback(() => RegistryErrorFilter.Error(RegistryErrors.NotFound()));
        try
        {
            _ = app.Services.GetRequiredService<SchemaRegistry>(); // load the log before accepting requests
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = address.Replace("[::]", options.Host, StringComparison.Ordinal);
        RegistryLog.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<SchemaRegistry>(), url);
        return new SchemaRegistryHost(app, url, faults);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
