using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Shop.Contracts;
using Shop.Hosting.Health;
using Shop.Hosting.Messaging;
using Shop.Hosting.ReadModels;
using Shop.Hosting.Storage;
using Shop.Hosting.Telemetry;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Telemetry;

namespace Shop.Hosting;

/// <summary>
/// The wiring every shop service shares, so each Program stays short: stores, Kafka producer, outbox relay,
/// projections, consumers, health checks, problem details, OpenAPI and OpenTelemetry.
/// </summary>
public static class ShopHosting
{
    /// <summary>Opens the stores (creating their schema) and registers the shared services; returns the stores for the service's own tables.</summary>
    public static async Task<ShopStores> AddShopDefaults(this WebApplicationBuilder builder, ShopService service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.Configure<StoreOptions>(builder.Configuration.GetSection(StoreOptions.Section));
        services.Configure<KafkaOptions>(builder.Configuration.GetSection(KafkaOptions.Section));
        var storeOptions = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        var kafka = builder.Configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();

        var stores = await ShopStores.Open(storeOptions, service.Name, cancellationToken);
        services.AddSingleton(_ => stores); // a factory, so the container disposes it after the hosted services stopped
        services.AddSingleton(service);
        services.AddSingleton(new EventSerializer(ShopEvents.Registry()));
        services.AddSingleton<AppendSignal>();
        services.AddSingleton(_ => OutboxRelay.CreateProducer(kafka.BootstrapServers));
        services.AddHostedService<OutboxRelayService>();
        services.AddSingleton<ProjectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionService>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        services.AddSingleton<StoreHealthCheck>();
        services.AddSingleton<KafkaHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<KafkaHealthCheck>("kafka", tags: ["ready"]);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        AddTelemetry(builder, service);
        return stores;
    }

    /// <summary>A projection kept current from the service's own log (see <see cref="ProjectionService"/>).</summary>
    public static void AddShopProjection<TDocument>(this IServiceCollection services, ReadModelTable table, IReadModel<TDocument> model)
        where TDocument : class
    {
        services.AddSingleton(sp => new DocumentProjection<TDocument>(table, sp.GetRequiredService<EventSerializer>(), model));
        services.AddSingleton<IProjection>(sp => sp.GetRequiredService<DocumentProjection<TDocument>>());
    }

    /// <summary>An inbox-protected consumer of <paramref name="topic"/> in its own consumer group.</summary>
    public static void AddShopConsumer(this IServiceCollection services, ConsumerRegistration registration) =>
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ConsumerService>(sp, registration));

    /// <summary>Feeds the service's own events to <paramref name="handler"/> (see <see cref="LocalLogFeed"/>).</summary>
    public static void AddShopLogFeed(this IServiceCollection services, string name, Func<IServiceProvider, Func<object, CancellationToken, Task>> handler) =>
        services.AddSingleton<IHostedService>(sp => new BackgroundLoop(ActivatorUtilities.CreateInstance<LocalLogFeed>(sp, name, handler(sp)).Run));

    /// <summary>Runs <paramref name="tick"/> every <paramref name="interval"/> until the host stops (e.g. firing due saga deadlines).</summary>
    public static void AddShopTimer(this IServiceCollection services, string name, TimeSpan interval, Func<IServiceProvider, Func<CancellationToken, Task>> tick) =>
        services.AddSingleton<IHostedService>(sp =>
        {
            var run = tick(sp);
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Timer." + name);
            return new BackgroundLoop(async ct =>
            {
                using var timer = new PeriodicTimer(interval);
                try
                {
                    while (await timer.WaitForNextTickAsync(ct))
                    {
                        try
                        {
                            await run(ct);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            log.LogWarning(e, "Timer {Timer} failed; it runs again at the next tick", name);
                        }
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // stopping
                }
            });
        });

    /// <summary>Problem details, health, metrics and OpenAPI endpoints, and the start-up banner with the URLs.</summary>
    public static WebApplication MapShopDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.Write });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.Write });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();

        var service = app.Services.GetRequiredService<ShopService>();
        var stores = app.Services.GetRequiredService<ShopStores>();
        var kafka = app.Configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.Urls.FirstOrDefault() ?? "?";
            Console.WriteLine($"{service.Title} listening on {string.Join(", ", app.Urls)}");
            Console.WriteLine($"  store: {stores.Description}; Kafka: {kafka.BootstrapServers}");
            Console.WriteLine($"  OpenAPI {url}/openapi/v1.json, health {url}/health/ready, metrics {url}/metrics; Ctrl-C stops");
        });
        app.Lifetime.ApplicationStopped.Register(() => Console.WriteLine($"{service.Title} stopped"));
        return app;
    }

    /// <summary>The address a started app listens on (port 0 resolved), for tests and launchers.</summary>
    public static Uri BaseAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Urls.First());
    }

    private static void AddTelemetry(WebApplicationBuilder builder, ShopService service)
    {
        // OTLP only when an endpoint is configured; otherwise the exporter would retry a collector that is not there.
        // A signal-specific endpoint turns on that signal alone (stormline up sends traces to its console, which
        // takes traces but not metrics: those are scraped from /metrics).
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otlpTraces = otlp || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(service.Title))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddSource(MessagingTelemetry.Name, ShopMetrics.Name);
                if (otlpTraces) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(MessagingTelemetry.Name, ShopMetrics.Name).AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
    }
}
