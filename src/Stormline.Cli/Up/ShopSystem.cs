using Microsoft.Extensions.Logging;
using Stormline.Broker.Server;
using Stormline.Cli.Schemas;
using Stormline.Cli.Topics;
using Stormline.Model.Elements;
using Stormline.Model.Generation;
using Stormline.Model.Parsing;
using Stormline.Registry;

namespace Stormline.Cli.Up;

/// <summary>
/// The running reference system: the embedded broker and the registry in this process, the shop's topics created from
/// the model's plan, and each service as its own OS process. Nothing is restarted behind the caller's back: a service
/// that exits stays down until <see cref="StartServiceAsync"/> is called.
/// </summary>
public sealed class ShopSystem : IAsyncDisposable
{
    private readonly UpOptions _options;
    private readonly RepositoryLayout _layout;
    private readonly PrefixedOutput _output;
    private readonly Dictionary<string, ChildProcess> _children = new(StringComparer.OrdinalIgnoreCase);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private KafkaBroker? _broker;
    private SchemaRegistryHost? _registry;
    private (string Url, IAsyncDisposable Handle)? _console;
    private SecureShop? _secure;

    private ShopSystem(UpOptions options, RepositoryLayout layout, PrefixedOutput output)
    {
        _options = options;
        _layout = layout;
        _output = output;
    }

    public string BootstrapServers => _broker?.BootstrapServers ?? throw new InvalidOperationException("the broker is not running");

    public string? RegistryUrl => _registry?.Url;

    public string? ConsoleUrl => _console?.Url;

    /// <summary>The schemas registered and every event written with.</summary>
    public SchemaFormat SchemaFormat => _options.SchemaFormat;

    public IReadOnlyList<ShopService> Services => _options.Services;

    /// <summary>Under <c>--secure</c>: the CA and the users' client settings; null otherwise.</summary>
    public SecureShop? Secure => _secure;

    public IReadOnlyCollection<ChildProcess> Processes => _children.Values;

    public ChildProcess Process(string name) => _children[name];

    /// <summary>Starts everything in order; on failure stops what was started and throws <see cref="UpException"/> saying what to do.</summary>
    public static async Task<ShopSystem> StartAsync(UpOptions options, RepositoryLayout layout, PrefixedOutput output, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        CheckPorts(options);
        var built = await ServiceBuild.EnsureBuiltAsync(layout, options.Services, options.Build, output, cancellationToken);
        if (built is not null)
        {
            throw new UpException(built);
        }

        var system = new ShopSystem(options, layout, output);
        try
        {
            await system.StartInfrastructureAsync(loggerFactory, cancellationToken);
            foreach (var service in options.Services)
            {
                await system.StartServiceAsync(service.Name, cancellationToken);
            }

            system._console = options.StartConsole
                ? await ConsoleHook.StartAsync(options.ConsolePort, system.BootstrapServers, system.RegistryUrl, layout.ShopModel, options.Services, cancellationToken, system._secure)
                : null;
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts (or starts again) one service's process and waits until it is ready.</summary>
    public async Task StartServiceAsync(string name, CancellationToken cancellationToken)
    {
        var service = _options.Services.Single(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (_children.TryGetValue(service.Name, out var old))
        {
            if (!old.HasExited)
            {
                throw new InvalidOperationException($"{service.Name} is still running (pid {old.Id})");
            }

            await old.DisposeAsync();
        }

        var settings = new Dictionary<string, string>(_options.ServiceSettings, StringComparer.Ordinal);
        foreach (var (key, value) in _secure?.ServiceEnvironment(service) ?? [])
        {
            settings.TryAdd(key, value);
        }

        if (_options.StartConsole)
        {
            // Traces go to the console (OTLP over HTTP), which shows each order's spans in its journey page.
            settings.TryAdd("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", $"http://127.0.0.1:{_options.ConsolePort}/v1/traces");
            settings.TryAdd("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
            settings.TryAdd("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            if (_secure is not null)
            {
                settings.TryAdd("OTEL_EXPORTER_OTLP_HEADERS", _secure.TraceExportHeaders);
            }
        }

        var environment = ServiceEnvironment.For(service, BootstrapServers, RegistryUrl, _options.SchemaFormat, _options.DataDirectory, settings);
        var child = ChildProcess.Start(service.Key, DotnetHost.Path, [_layout.Assembly(service)], environment, _layout.Root, _output);
        _children[service.Name] = child;
        var failure = await Readiness.WaitAsync(_http, service, child, _options.ReadyTimeout, cancellationToken);
        if (failure is not null)
        {
            throw new UpException($"{failure}; its last lines are above (prefixed '{service.Key}')");
        }
    }

    /// <summary>Stops every service (SIGTERM, grace, then SIGKILL), then the console, the registry and the broker.</summary>
    public async ValueTask DisposeAsync()
    {
        var stops = _children.Values.Select(async child =>
        {
            if (!await child.StopAsync(_options.StopGrace))
            {
                _output.Say($"{child.Name} did not exit within {_options.StopGrace.TotalSeconds:0} s of SIGTERM and was killed");
            }

            await child.DisposeAsync();
        });
        await Task.WhenAll(stops);
        _children.Clear();
        if (_console is { } console)
        {
            await console.Handle.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _http.Dispose();
    }

    private static void CheckPorts(UpOptions options)
    {
        var wanted = new List<(int, string)> { (options.BrokerPort, "the Kafka broker"), (options.RegistryPort, "the schema registry") };
        wanted.AddRange(options.Services.Select(s => (s.Port, $"the {s.Name} service")));
        if (options.StartConsole)
        {
            wanted.Add((options.ConsolePort, "the console (or pass --no-console)"));
        }

        var taken = PortGuard.Taken(wanted);
        if (taken.Count > 0)
        {
            var list = string.Join("; ", taken.Select(t => $"port {t.Port} ({t.Owner}) is already in use"));
            throw new UpException($"{list}. Is another stormline up (or broker) still running? Stop it, or find the owner with: ss -ltnp 'sport = :{taken[0].Port}'");
        }
    }

    private async Task StartInfrastructureAsync(ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var brokerOptions = new BrokerOptions
        {
            Port = _options.BrokerPort,
            DataDirectory = Path.Combine(_options.DataDirectory, "broker"),
        };
        if (_options.Secure)
        {
            _secure = SecureShop.Prepare(_options.DataDirectory, _options.Services);
            _secure.Configure(brokerOptions, _options.BrokerPort);
        }

        try
        {
            _broker = await KafkaBroker.StartAsync(brokerOptions, loggerFactory);
            if (_secure is not null)
            {
                await _secure.CreateServiceUsersAsync(_broker.BootstrapServers);
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new UpException(ex.Message);
        }
        catch (Confluent.Kafka.KafkaException ex)
        {
            throw new UpException($"creating the services' SCRAM users failed: {ex.Message}");
        }

        var registryOptions = new RegistryOptions { Port = _options.RegistryPort, DataDirectory = Path.Combine(_options.DataDirectory, "registry") };
        foreach (var user in _secure?.RegistryUsers ?? [])
        {
            registryOptions.Users.Add(user);
        }

        _registry = await SchemaRegistryHost.StartAsync(registryOptions, loggerFactory, cancellationToken);
        var parsed = ModelParser.ParseFile(_layout.ShopModel);
        if (!parsed.Succeeded)
        {
            throw new UpException($"{_layout.ShopModel} could not be read; run stormline model check {_layout.ShopModel}");
        }

        await CreateTopicsAsync(parsed.Model!);
        if (_secure is not null)
        {
            await GrantServiceAclsAsync(parsed.Model!);
        }

        await RegisterSchemasAsync(parsed.Model!);
    }

    /// <summary>The shop model's topic plan, applied as <c>stormline topics apply</c> would, with one replica (one broker).</summary>
    private async Task CreateTopicsAsync(EventModel model)
    {
        var options = new TopicPlanOptions { ReplicationFactor = 1 };
        var output = new StringWriter();
        var code = await TopicSync.RunAsync(model, options, BootstrapServers, apply: true, allowDelete: false, () => true, output, output,
            TimeSpan.FromSeconds(15), _secure?.AdminClients);
        Echo("topics", output);
        if (code != 0)
        {
            throw new UpException("creating the shop's topics failed (see the lines above)");
        }
    }

    private async Task GrantServiceAclsAsync(EventModel model)
    {
        try
        {
            await _secure!.GrantServiceAclsAsync(BootstrapServers, _options.Services, model);
        }
        catch (Confluent.Kafka.Admin.CreateAclsException ex)
        {
            throw new UpException($"creating the services' ACLs failed: {string.Join("; ", ex.Results.Where(r => r.Error.IsError).Select(r => r.Error.Reason).Distinct())}");
        }

        foreach (var service in _options.Services)
        {
            _output.Line("acls", $"{service.Key}: {string.Join(", ", ServiceAcls.For(service, model).Select(b => $"{b.Entry.Operation} {b.Pattern.Type} {b.Pattern.Name}{(b.Pattern.ResourcePatternType == Confluent.Kafka.Admin.ResourcePatternType.Prefixed ? "*" : "")}"))}");
        }
    }

    /// <summary>
    /// Every event's schema registered as <c>stormline schema register</c> would, before any service starts: the services
    /// only look schemas up, so without this their events would wait in the outbox.
    /// </summary>
    private async Task RegisterSchemasAsync(EventModel model)
    {
        var output = new StringWriter();
        var code = await SchemaSync.RunAsync(model, _options.SchemaFormat, SubjectStrategy.TopicRecord, RegistryUrl!, register: true, output, output,
            TimeSpan.FromSeconds(15), _secure?.AdminClients);
        Echo("schemas", output);
        if (code != 0)
        {
            throw new UpException($"registering the shop's schemas failed (see the lines above); check them with stormline schema check --format {_options.SchemaFormat.ToString().ToLowerInvariant()} --registry {RegistryUrl} --model {_layout.ShopModel}");
        }
    }

    private void Echo(string prefix, StringWriter output)
    {
        foreach (var line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            _output.Line(prefix, line);
        }
    }
}
