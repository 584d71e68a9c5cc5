using System.Text.Json.Serialization;
using System.Net;
using Confluent.SchemaRegistry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Audit;
using Stormline.OpsConsole.DeadLetters;
using Stormline.OpsConsole.Hosting;
using Stormline.Ops;
using Stormline.Ops.Alerts;
using Stormline.OpsConsole.Journey;
using Stormline.OpsConsole.Kafka;
using Stormline.OpsConsole.Messages;
using Stormline.OpsConsole.Model;
using Stormline.OpsConsole.Schemas;
using Stormline.OpsConsole.Security;
using Stormline.OpsConsole.Tracing;

namespace Stormline.OpsConsole;

/// <summary>
/// The console on its own Kestrel listener, in-process: <c>stormline console</c>, <c>stormline up</c> and the tests
/// all start it with <see cref="StartAsync"/> and stop it by disposing.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private ConsoleHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address to open, e.g. <c>http://127.0.0.1:5100/</c>.</summary>
    public string Url { get; }

    /// <exception cref="InvalidOperationException">Bound to a non-loopback address without a token.</exception>
    public static async Task<ConsoleHost> StartAsync(ConsoleOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        TokenGate.Validate(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddFilter("Microsoft", LogLevel.Warning);
        if (loggerFactory is not null)
        {
            builder.Logging.AddProvider(new CallerLoggerProvider(loggerFactory));
        }

        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbedderLifetime>();

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port));
        AddConsole(builder.Services, options);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        var gate = app.Services.GetRequiredService<TokenGate>();
        _ = app.Services.GetRequiredService<AuditLog>(); // read the audit file now: a bad one stops the start, not a later reset
        app.Use(SecurityHeaders.InvokeAsync);
        app.Use(ProblemMiddleware.InvokeAsync);
        app.Use(gate.InvokeAsync);
        app.Use(app.Services.GetRequiredService<CrossSiteGuard>().InvokeAsync);
        app.MapConsoleApi();
        app.MapStormlineMetrics();
        app.MapOtlpReceiver();
        app.MapConsoleAssets();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ConsoleHost(app, address.Replace("[::]", options.Host, StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    private static void AddConsole(IServiceCollection services, ConsoleOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<TokenGate>();
        services.AddSingleton<CrossSiteGuard>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(new KafkaClients(options.BootstrapServers, options.Clients));
        ISchemaRegistryClient? registry = options.SchemaRegistryUrl is { } url ? new CachedSchemaRegistryClient(options.Clients.RegistryConfig(url)) : null;
        services.AddSingleton(new FieldMask(options.MaskedFields));
        services.AddSingleton<TopicsReader>();
        services.AddSingleton<GroupsReader>();
        services.AddSingleton<OffsetReset>();
        services.AddSingleton<GroupRemoval>();
        services.AddSingleton<TopicAdmin>();
        services.AddSingleton<PartitionScanner>();
        services.AddSingleton(new MessageDecoder(registry, options.MaskedTags.ToHashSet(StringComparer.Ordinal)));
        services.AddSingleton<ModelTags>();
        services.AddSingleton<MessageRows>();
        services.AddSingleton<MessageBrowser>();
        services.AddSingleton<MessageSearch>();
        services.AddSingleton<LiveTail>();
        services.AddSingleton(new SchemaEncoder(registry));
        services.AddSingleton<MessageProducer>();
        services.AddSingleton<OrderJourney>();
        services.AddSingleton<DeadLetterQueue>();
        services.AddSingleton<ReadModels.ServiceReadModels>();
        services.AddSingleton(new SchemaBrowser(registry));
        services.AddSingleton<ConsoleModel>();
        services.AddSingleton<ModelBoard>();
        services.AddSingleton<ModelDriftView>();
        services.AddSingleton<Signals>();
        services.AddSingleton(new SpanStore());
        services.AddStormlineOps(ops =>
        {
            ops.Collector.BootstrapServers = options.BootstrapServers;
            foreach (var (name, value) in options.Clients.Kafka)
            {
                ops.Collector.ClientConfig[name] = value;
            }

            ops.Collector.PollInterval = options.PollInterval;
            ops.Alerts.EvaluationInterval = options.PollInterval;
            ops.Alerts.WebhookUrl = options.AlertWebhook;
            foreach (var (name, url) in options.HealthChecks)
            {
                ops.Alerts.Services.Add(new ServiceEndpoint(name, new Uri(url)));
            }
        });
        services.AddSingleton<Overview>();
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
