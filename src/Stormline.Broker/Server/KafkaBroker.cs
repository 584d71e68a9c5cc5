using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Broker.Handlers;
using Stormline.Broker.Telemetry;

namespace Stormline.Broker.Server;

/// <summary>
/// A single-node broker on the Kafka wire protocol, in-process:
/// <code>await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });</code>
/// and point any Kafka client at <see cref="BootstrapServers"/>. Thread-safe.
/// </summary>
public sealed class KafkaBroker : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly BrokerContext _context;
    private readonly RequestDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ClientConnection, Task> _connections = new();
    private readonly bool _ownsDataDirectory;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _maintenanceLoop = Task.CompletedTask;
    private Task _groupTimers = Task.CompletedTask;
    private Task _transactionTimers = Task.CompletedTask;
    private Task _logCleaner = Task.CompletedTask;
    private int _disposed;

    private KafkaBroker(Socket listener, BrokerContext context, bool ownsDataDirectory, ILogger logger)
    {
        _listener = listener;
        _context = context;
        _ownsDataDirectory = ownsDataDirectory;
        _logger = logger;
        Faults = new BrokerFaults(logger, DropConnections, context.Groups.ForceRebalance);
        _dispatcher = new RequestDispatcher(new ApiTable(context), logger, Faults);
        context.Topics.Appended += _ => context.Appends.Notify();
        BrokerTelemetry.Register(this);
    }

    /// <summary>Fault injection for tests (latency, failed requests, refused connections); inert until a fault is set.</summary>
    public BrokerFaults Faults { get; }

    /// <summary>host:port that clients use as bootstrap.servers.</summary>
    public string BootstrapServers => $"{_context.AdvertisedHost}:{_context.Port}";

    public int Port => _context.Port;

    public string DataDirectory => _context.DataDirectory;

    internal BrokerContext Context => _context;

    /// <summary>The request decoder and handlers every connection uses; tests feed it frames without a socket.</summary>
    internal RequestDispatcher Dispatcher => _dispatcher;

    internal int ConnectionCount => _connections.Count;

    public static Task<KafkaBroker> StartAsync(BrokerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new BrokerOptions { Port = 0 };
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<KafkaBroker>();
        var ownsData = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "stormline-broker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        var address = options.Host is "0.0.0.0" or "*" ? IPAddress.Any
            : IPAddress.TryParse(options.Host, out var ip) ? ip
            : Dns.GetHostAddresses(options.Host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, options.Port));
            listener.Listen(512);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new InvalidOperationException($"Cannot listen on {options.Host}:{options.Port}: {ex.Message}. Is another broker running there? Choose another port with --port.", ex);
        }

        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var advertised = options.AdvertisedHost ?? (address.Equals(IPAddress.Any) ? "127.0.0.1" : options.Host);
        BrokerContext context;
        try
        {
            context = new BrokerContext(options, dataDirectory, advertised, port, loggerFactory);
        }
        catch
        {
            // Unreadable state in the data directory (e.g. a damaged offsets log header): release the port before failing.
            listener.Dispose();
            throw;
        }

        var broker = new KafkaBroker(listener, context, ownsData, logger);
        broker._acceptLoop = Task.Run(broker.AcceptLoopAsync);
        broker._maintenanceLoop = Task.Run(broker.MaintenanceLoopAsync);
        broker._groupTimers = Task.Run(() => context.Groups.RunAsync(broker._stopping.Token));
        broker._transactionTimers = Task.Run(() => context.Transactions.RunAsync(broker._stopping.Token));
        if (options.LogCleanerEnable)
        {
            var cleaner = new Log.LogCleaner(() => context.Topics.All.SelectMany(t => t.Partitions), options.LogCleanerBackoffMs, logger);
            broker._logCleaner = Task.Run(() => cleaner.RunAsync(broker._stopping.Token));
        }

        logger.LogInformation("Kafka listener on PLAINTEXT://{Host}:{Port} (bootstrap.servers={Bootstrap}), data in {DataDirectory}", options.Host, port, broker.BootstrapServers, dataDirectory);
        return Task.FromResult(broker);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // E.g. out of file descriptors: back off instead of spinning on a failing accept.
                _logger.LogWarning("Accept failed: {Message}", ex.Message);
                try
                {
                    await Task.Delay(50, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (Faults.RefusesConnection(socket.RemoteEndPoint?.ToString() ?? "?"))
            {
                // Accept-then-close: to the client the broker looks down, and the listener stays bound for "back".
                socket.Close(0);
                continue;
            }

            var connection = new ClientConnection(socket, _dispatcher, _context.Options, _logger);
            var task = Task.Run(() => connection.RunAsync(_stopping.Token));
            _connections[connection] = task;
            _ = task.ContinueWith(_ => _connections.TryRemove(connection, out var _), TaskScheduler.Default);
        }
    }

    private async Task MaintenanceLoopAsync()
    {
        var lastRetention = Environment.TickCount64;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(_context.Options.RetentionCheckIntervalMs, 50, 1000)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                var retentionDue = Environment.TickCount64 - lastRetention >= _context.Options.RetentionCheckIntervalMs;
                if (retentionDue)
                {
                    lastRetention = Environment.TickCount64;
                }

                try
                {
                    _context.Topics.RunMaintenance(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), retentionDue);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _logger.LogError(ex, "Log maintenance failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes every open client connection (clients reconnect); used by tests to simulate network faults.</summary>
    public void DropConnections()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        BrokerTelemetry.Unregister(this);
        await _stopping.CancelAsync();
        _listener.Dispose();
        DropConnections();
        try
        {
            await Task.WhenAll(_connections.Values.Append(_acceptLoop).Append(_maintenanceLoop).Append(_groupTimers).Append(_transactionTimers).Append(_logCleaner)).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Some connections did not close within 5 s");
        }

        _context.Topics.Dispose();
        _context.Groups.Dispose();
        _stopping.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(_context.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        _logger.LogInformation("Broker on port {Port} stopped", _context.Port);
    }
}
