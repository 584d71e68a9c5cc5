using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sqlite;
using Stormline.Hosting.Health;
using Stormline.Hosting.Messaging;
using Stormline.Hosting.PersonalData;
using Stormline.Hosting.ReadModels;
using Stormline.Hosting.Storage;
using Stormline.Hosting.Telemetry;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Telemetry;

namespace Stormline.Hosting;

/// <summary>
/// Turns an ASP.NET Core app into an event-sourced service on Kafka: <see cref="AddStormline"/> opens the store and
/// registers the outbox relay, projections, health checks, problem details, OpenAPI and OpenTelemetry; the other
/// extensions add aggregates, consumers, read models, log feeds and timers; <see cref="MapStormline"/> maps health,
/// metrics and OpenAPI and prints the start-up banner.
/// </summary>
public static class StormlineHosting
{
    /// <summary>
    /// Opens the store named by the "Store" section (creating its schema, serialized across replicas) and registers
    /// the shared services; the "SchemaRegistry" section chooses how events look on the wire (<see cref="EventPayloads"/>). <paramref name="events"/> names the event types (the store and the topics carry names,
    /// not CLR types); <paramref name="topicOf"/> maps an event type to its topic.
    /// </summary>
    public static async Task<ServiceStore> AddStormline(this WebApplicationBuilder builder, ServiceIdentity service, EventTypeRegistry events, Func<string, string> topicOf,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.Configure<StoreOptions>(builder.Configuration.GetSection(StoreOptions.Section));
        services.Configure<KafkaOptions>(builder.Configuration.GetSection(KafkaOptions.Section));
        services.Configure<HostingOptions>(builder.Configuration.GetSection(HostingOptions.Section));
        var registry = builder.Configuration.GetSection(SchemaRegistryOptions.Section).Get<SchemaRegistryOptions>() ?? new SchemaRegistryOptions();
        var storeOptions = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        var kafka = builder.Configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();

        var store = await ServiceStore.Open(storeOptions, service.Name, cancellationToken);
        services.AddSingleton(_ => store); // a factory, so the container disposes it after the hosted services stopped
        services.AddSingleton(service);
        var serializer = new EventSerializer(events);
        services.AddSingleton(serializer);
        await ProtectPersonalData(services, store, storeOptions, serializer, cancellationToken);
        services.AddSingleton(new EventTopics(topicOf));
        services.AddSingleton(_ => new EventPayloads(registry, new EventSubjects(events, registry.Format)));
        services.AddSingleton<AppendSignal>();
        services.AddSingleton(_ => OutboxRelay.CreateProducer(kafka.BootstrapServers, kafka.Apply));
        services.AddSingleton<OutboxRelayService>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelayService>());
        services.AddSingleton<ReadModelRebuilds>();
        services.AddSingleton<ProjectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionService>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        services.AddSingleton<StoreHealthCheck>();
        services.AddSingleton<KafkaHealthCheck>();
        services.AddSingleton<RuntimeHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<KafkaHealthCheck>("kafka", tags: ["ready"])
            .AddCheck<RuntimeHealthCheck>("runtime", tags: ["ready"]);
        services.AddProblemDetails();
        services.AddExceptionHandler<Http.StoreUnavailableHandler>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        AddTelemetry(builder, service);
        return store;
    }

    /// <summary>
    /// Crypto-shredding for the event types that carry personal data (their generated <c>DataSubject</c> and
    /// <c>PersonalFields</c>): keys in the store itself, or in the SQLite file named by Store:SubjectKeys.
    /// </summary>
    private static async Task ProtectPersonalData(IServiceCollection services, ServiceStore store, StoreOptions options, EventSerializer serializer, CancellationToken cancellationToken)
    {
        var map = PersonalDataMap.From(serializer.Registry, serializer.Options);
        if (map.IsEmpty) return;
        ISubjectKeys keys = store.Store;
        if (!string.IsNullOrWhiteSpace(options.SubjectKeys))
        {
            var path = Path.GetFullPath(options.SubjectKeys);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var keyStore = await SqliteEventStore.Open(path, outbox: false, cancellationToken);
            services.AddSingleton(_ => keyStore); // disposed with the container
            keys = new SeparateKeyStore(keyStore);
        }

        store.Store.PersonalData = new PersonalDataProtection(map, keys);
    }

    /// <summary>An aggregate (decider) the service's endpoints and handlers send commands to.</summary>
    public static IServiceCollection AddAggregate<TDecider, TCommand, TState>(this IServiceCollection services)
        where TDecider : EventSourcing.Domain.IDecider<TCommand, object, TState>
        where TCommand : notnull =>
        services.AddSingleton<AggregateCommands<TDecider, TCommand, TState>>();

    /// <summary>
    /// A read model kept current from the service's own log (see <see cref="ProjectionService"/>), rebuildable without
    /// downtime (see <see cref="ReadModelRebuilds"/>). Create its table at start-up with <c>store.ReadModels.Create(table)</c>.
    /// </summary>
    public static IServiceCollection AddReadModel<TDocument>(this IServiceCollection services, ReadModelTable table, IReadModel<TDocument> model)
        where TDocument : class
    {
        services.AddSingleton(sp => new DocumentProjection<TDocument>(table, sp.GetRequiredService<EventSerializer>(), model, sp.GetRequiredService<ServiceStore>().ReadModels));
        services.AddSingleton<IProjection>(sp => sp.GetRequiredService<DocumentProjection<TDocument>>());
        return services;
    }

    /// <summary>A batched, inbox-protected consumer of a topic in its own consumer group.</summary>
    public static IServiceCollection AddEventHandler(this IServiceCollection services, ConsumerRegistration registration) =>
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ConsumerService>(sp, registration));

    /// <summary>
    /// Feeds the service's own events to <paramref name="handler"/> in the feed's transaction (see <see cref="LocalLogFeed"/>),
    /// e.g. a saga that follows the service's aggregates.
    /// </summary>
    public static IServiceCollection AddLogFeed(this IServiceCollection services, string name, Func<IServiceProvider, Func<object, DbTransaction, CancellationToken, Task>> handler)
    {
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<LocalLogFeed>(sp, name, handler(sp),
            new LeaseKeeper(sp.GetRequiredService<ServiceStore>())));
        return services.AddSingleton<IHostedService>(sp => new BackgroundLoop(sp.GetServices<LocalLogFeed>().Single(f => f.Name == name).Run));
    }

    /// <summary>Runs <paramref name="tick"/> every <paramref name="interval"/> until the host stops (e.g. firing due saga deadlines).</summary>
    public static IServiceCollection AddTimer(this IServiceCollection services, string name, TimeSpan interval, Func<IServiceProvider, Func<CancellationToken, Task>> tick) =>
        services.AddSingleton<IHostedService>(sp =>
        {
            var run = tick(sp);
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Stormline.Timer." + name);
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

    /// <summary>Problem details, health, metrics, OpenAPI and read-model rebuild endpoints, and the start-up banner with the URLs.</summary>
    public static WebApplication MapStormline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.Write });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.Write });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        app.MapReadModelRebuilds();
        app.MapPersonalData();

        var service = app.Services.GetRequiredService<ServiceIdentity>();
        var store = app.Services.GetRequiredService<ServiceStore>();
        var kafka = app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var payloads = app.Services.GetRequiredService<EventPayloads>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.Urls.FirstOrDefault() ?? "?";
            Console.WriteLine($"{service.Title} listening on {string.Join(", ", app.Urls)}");
            Console.WriteLine($"  store: {store.Description}; Kafka: {kafka.BootstrapServers}{(kafka.GroupInstanceId is { } id ? $" as {id}" : "")}");
            Console.WriteLine($"  events on the wire: {payloads.Description}");
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

    private static void AddTelemetry(WebApplicationBuilder builder, ServiceIdentity service)
    {
        // OTLP only when an endpoint is configured; otherwise the exporter would retry a collector that is not there.
        // A signal-specific endpoint turns on that signal alone (stormline up sends traces to its console, which
        // takes traces but not metrics: those are scraped from /metrics). AddOtlpExporter reads only the generic
        // OTEL_EXPORTER_OTLP_ENDPOINT, so the traces endpoint and protocol are applied here; without that the spans
        // went to the default localhost:4317 and the console's order journey stayed empty.
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var tracesEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];
        var tracesProtocol = builder.Configuration["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        var otlpTraces = otlp || !string.IsNullOrWhiteSpace(tracesEndpoint);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(service.Title))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddSource(MessagingTelemetry.Name, ServiceMetrics.Name);
                if (otlpTraces)
                {
                    tracing.AddOtlpExporter(o =>
                    {
                        if (!string.IsNullOrWhiteSpace(tracesEndpoint)) o.Endpoint = new Uri(tracesEndpoint);
                        if (tracesProtocol is not null)
                            o.Protocol = tracesProtocol.Trim() == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        // Spans of a batch are sent within a second, so a trace is whole in the console by the time an order is.
                        o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 1000;
                    });
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(MessagingTelemetry.Name, ServiceMetrics.Name).AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
    }
}
