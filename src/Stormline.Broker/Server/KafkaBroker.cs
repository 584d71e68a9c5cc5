using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Broker.Handlers;
using Stormline.Broker.Security;
using Stormline.Broker.Telemetry;

namespace Stormline.Broker.Server;

/// <summary>
/// A single-node broker on the Kafka wire protocol, in-process:
/// <code>await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });</code>
/// and point any Kafka client at <see cref="BootstrapServers"/>. Thread-safe.
/// </summary>
public sealed class KafkaBroker : IAsyncDisposable
{
    private readonly IReadOnlyList<Socket> _listenerSockets;
    private readonly Dictionary<string, ListenerTls> _tls;
    private readonly Dictionary<string, ListenerSasl> _sasl;
    private readonly BrokerContext _context;
    private readonly RequestDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ClientConnection, Task> _connections = new();
    private readonly bool _ownsDataDirectory;
    private readonly ConnectionQuotas _quotas;
    private readonly RequestMemory _requestMemory;
    private readonly SpareDescriptor _spareDescriptor = new();
    private Task _acceptLoop = Task.CompletedTask;
    private Task _maintenanceLoop = Task.CompletedTask;
    private Task _groupTimers = Task.CompletedTask;
    private Task _transactionTimers = Task.CompletedTask;
    private Task _logCleaner = Task.CompletedTask;
    private int _disposed;

    private KafkaBroker(IReadOnlyList<Socket> listenerSockets, Dictionary<string, ListenerTls> tls, BrokerContext context, bool ownsDataDirectory, ILogger logger)
    {
        _listenerSockets = listenerSockets;
        _tls = tls;
        _sasl = context.Listeners.Where(l => l.UsesSasl).ToDictionary(l => l.Name, l => ListenerSasl.Load(context.Options, l.Name));
        _context = context;
        _ownsDataDirectory = ownsDataDirectory;
        _logger = logger;
        _quotas = new ConnectionQuotas(context.Options);
        _requestMemory = new RequestMemory(context.Options);
        Faults = new BrokerFaults(logger, DropConnections, context.Groups.ForceRebalance, hold => context.Transactions.HoldsMarkers = hold);
        _dispatcher = new RequestDispatcher(new ApiTable(context), context.Listeners[0], logger, Faults);
        context.Topics.Appended += context.Appends.Notify;
        BrokerTelemetry.Register(this);
    }

    /// <summary>Fault injection for tests (latency, failed requests, refused connections); inert until a fault is set.</summary>
    public BrokerFaults Faults { get; }

    /// <summary>host:port that clients use as bootstrap.servers: the first listener's advertised address.</summary>
    public string BootstrapServers => _context.Listeners[0].Bootstrap;

    public int Port => _context.Port;

    public string DataDirectory => _context.DataDirectory;

    internal BrokerContext Context => _context;

    /// <summary>The request decoder and handlers every connection uses; tests feed it frames without a socket.</summary>
    internal RequestDispatcher Dispatcher => _dispatcher;

    internal int ConnectionCount => _connections.Count;

    /// <summary>Bytes of requests read and not yet answered (queued.max.request.bytes accounting).</summary>
    internal RequestMemory RequestMemory => _requestMemory;

    /// <summary>The open connections' sessions (listener, principal); tests check who a client was taken for.</summary>
    internal IReadOnlyList<ClientSession> Sessions => _connections.Keys.Select(c => c.Session).ToList();

    /// <summary>Every listener with its bound port and advertised address, in the order of the listeners config.</summary>
    public IReadOnlyList<BoundListener> Listeners => _context.Listeners;

    /// <summary>The bootstrap.servers of the listener named <paramref name="listenerName"/> (e.g. SASL_SSL).</summary>
    public string BootstrapServersOf(string listenerName) =>
        _context.Listeners.FirstOrDefault(l => l.Name == listenerName)?.Bootstrap
        ?? throw new ArgumentException($"no listener named {listenerName} (listeners: {string.Join(", ", _context.Listeners.Select(l => l.Name))})", nameof(listenerName));

    /// <exception cref="ArgumentException">The options contradict each other (see <see cref="BrokerOptions.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException">A listener's port is taken.</exception>
    public static Task<KafkaBroker> StartAsync(BrokerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new BrokerOptions { Port = 0 };
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<KafkaBroker>();
        var ownsData = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "stormline-broker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        var advertised = options.AdvertisedListeners is null ? [] : ListenerSpec.ParseList("advertised.listeners", options.AdvertisedListeners, options.ListenerSecurityProtocolMap);
        var sockets = new List<(Socket Socket, BoundListener Listener)>();
        BrokerContext context;
        Dictionary<string, ListenerTls> tls;
        try
        {
            foreach (var spec in options.ListenerSpecs())
            {
                var (socket, address) = Bind(spec.Host, spec.Port);
                var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                var advertisedAs = advertised.FirstOrDefault(a => a.Name == spec.Name);
                var advertisedHost = advertisedAs is { Host.Length: > 0 } ? advertisedAs.Host
                    : options.AdvertisedHost ?? (address.Equals(IPAddress.Any) ? "127.0.0.1" : spec.Host);
                var advertisedPort = advertisedAs is { Port: > 0 } ? advertisedAs.Port : port;
                sockets.Add((socket, new BoundListener(spec.Name, spec.Protocol, spec.Host, port, advertisedHost, advertisedPort)));
            }

            tls = sockets.Select(s => s.Listener).Where(l => l.UsesTls).ToDictionary(l => l.Name, l => ListenerTls.Load(options, l.Name));
            context = new BrokerContext(options, dataDirectory, sockets.Select(s => s.Listener).ToList(), loggerFactory);
        }
        catch
        {
            // A taken port or unreadable state in the data directory (e.g. a damaged offsets log header): release every port before failing.
            foreach (var (socket, _) in sockets)
            {
                socket.Dispose();
            }

            throw;
        }

        var broker = new KafkaBroker(sockets.Select(s => s.Socket).ToList(), tls, context, ownsData, logger);
        broker._acceptLoop = Task.WhenAll(sockets.Select(s => Task.Run(() => broker.AcceptLoopAsync(s.Socket, s.Listener))));
        broker._maintenanceLoop = Task.Run(broker.MaintenanceLoopAsync);
        broker._groupTimers = Task.Run(() => context.Groups.RunAsync(broker._stopping.Token));
        broker._transactionTimers = Task.Run(() => context.Transactions.RunAsync(broker._stopping.Token));
        if (options.LogCleanerEnable)
        {
            var cleaner = new Log.LogCleaner(() => context.Topics.All.SelectMany(t => t.Partitions), options.LogCleanerBackoffMs, logger);
            broker._logCleaner = Task.Run(() => cleaner.RunAsync(broker._stopping.Token));
        }

        foreach (var listener in context.Listeners)
        {
            logger.LogInformation("Kafka listener {Name} ({Protocol}) on {Host}:{Port} (bootstrap.servers={Bootstrap})", listener.Name, listener.Protocol, listener.BindHost, listener.Port, listener.Bootstrap);
        }

        logger.LogInformation("Broker data in {DataDirectory}", dataDirectory);
        return Task.FromResult(broker);
    }

    private static (Socket Socket, IPAddress Address) Bind(string host, int port)
    {
        var address = host is "" or "0.0.0.0" or "*" ? IPAddress.Any
            : IPAddress.TryParse(host, out var ip) ? ip
            : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
            return (socket, address);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new InvalidOperationException($"Cannot listen on {host}:{port}: {ex.Message}. Is another broker running there? Choose another port with --port.", ex);
        }
    }

    private async Task AcceptLoopAsync(Socket listenerSocket, BoundListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                await _quotas.WaitForSlotAsync(_stopping.Token);
                socket = await listenerSocket.AcceptAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TooManyOpenSockets && _spareDescriptor.Release())
            {
                if (await AcceptOnSpareAsync(listenerSocket, ex.Message) is not { } taken)
                {
                    continue;
                }

                socket = taken;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors with no spare left, or another accept failure: back off instead of spinning.
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

            if (Admit(socket) is not { } address)
            {
                continue;
            }

            var connection = new ClientConnection(socket, listener, _tls.GetValueOrDefault(listener.Name), _sasl.GetValueOrDefault(listener.Name), _dispatcher, _requestMemory, _context.Options, _logger);
            var task = Task.Run(() => connection.RunAsync(_stopping.Token));
            _connections[connection] = task;
            _ = task.ContinueWith(_ =>
            {
                _connections.TryRemove(connection, out var _);
                _quotas.Release(address);
            }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Out of file descriptors (Linux's accept fails so even with an empty backlog): with the spare's descriptor freed,
    /// takes the next client for a moment. If the spare can then be taken back, descriptors are available again and
    /// the client is served; otherwise it is closed at once (it reads end of stream and retries, as after a refused
    /// connection) instead of being left hanging in the backlog. Open connections are untouched either way.
    /// </summary>
    /// <returns>The client to serve; null when none came or it was refused.</returns>
    private async Task<Socket?> AcceptOnSpareAsync(Socket listenerSocket, string reason)
    {
        Socket accepted;
        try
        {
            using var briefly = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            briefly.CancelAfter(TimeSpan.FromMilliseconds(200));
            accepted = await listenerSocket.AcceptAsync(briefly.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // No client came, the broker is stopping, or even the freed descriptor was taken meanwhile.
            _spareDescriptor.Reopen();
            return null;
        }

        if (_spareDescriptor.Reopen())
        {
            return accepted;
        }

        _logger.LogWarning("Refused connection from {Client}: out of file descriptors ({Reason}); raise the open files limit (ulimit -n) or lower max.connections", accepted.RemoteEndPoint, reason);
        BrokerTelemetry.RecordRefusedConnection("file_descriptors");
        accepted.Dispose();
        _spareDescriptor.Reopen();
        return null;
    }

    /// <returns>The client's address, counted in the connection quotas; null when the socket was closed instead (at its per-IP cap, or already gone).</returns>
    private IPAddress? Admit(Socket socket)
    {
        IPAddress? address;
        try
        {
            address = (socket.RemoteEndPoint as IPEndPoint)?.Address;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            address = null;
        }

        if (address is null)
        {
            // Reset right after connecting: nothing to serve.
            socket.Dispose();
            return null;
        }

        if (_quotas.TryAdmit(address, out var cap))
        {
            return address;
        }

        // As Kafka's Acceptor: closed right after accept, before a byte is read.
        _logger.LogInformation("Rejected connection from {Address}, address already has the configured maximum of {Cap} connections (max.connections.per.ip)", ConnectionQuotas.Normalize(address), cap);
        BrokerTelemetry.RecordRefusedConnection("max.connections.per.ip");
        socket.Dispose(); // an orderly close (FIN): the client reads end of stream, as from Kafka

        return null;
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
        foreach (var socket in _listenerSockets)
        {
            socket.Dispose();
        }

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
        _spareDescriptor.Dispose();
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
