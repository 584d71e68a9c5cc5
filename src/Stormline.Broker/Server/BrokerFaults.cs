using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Server;

/// <summary>
/// Deterministic faults for tests, consulted by <see cref="RequestDispatcher"/> before a handler runs and by the accept
/// loop. When nothing is set, the dispatcher's only cost is one volatile read of <see cref="Armed"/>.
/// Every fault that fires is logged at Warning so a failing test's log shows what was injected.
/// </summary>
public sealed class BrokerFaults
{
    // Indexed by API key: fixed arrays keep the check allocation-free.
    private const int Keys = 128;
    private readonly long[] _latencyTicks = new long[Keys];
    private readonly int[] _failRemaining = new int[Keys];
    private readonly short[] _failError = new short[Keys];
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly Action _dropConnections;
    private readonly Func<string, bool> _forceRebalance;
    private readonly Action<bool> _holdTransactionMarkers;
    private long _refuseUntilTicks;
    private volatile bool _armed;

    internal BrokerFaults(ILogger logger, Action dropConnections, Func<string, bool> forceRebalance, Action<bool> holdTransactionMarkers)
    {
        _holdTransactionMarkers = holdTransactionMarkers;
        _logger = logger;
        _dropConnections = dropConnections;
        _forceRebalance = forceRebalance;
    }

    /// <summary>True once any fault has been set and not cleared.</summary>
    internal bool Armed => _armed;

    /// <summary>Delays every request of <paramref name="key"/> by <paramref name="delay"/> before it is handled (zero removes it).</summary>
    public void AddLatency(ApiKey key, TimeSpan delay)
    {
        lock (_gate)
        {
            _latencyTicks[Index(key)] = delay.Ticks;
            _armed = true;
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> requests of <paramref name="key"/> with <paramref name="errorCode"/> for
    /// every partition, without running the handler (so nothing is appended, fetched or committed). Supported keys:
    /// <see cref="FailableKeys"/>.
    /// </summary>
    public void FailNext(ApiKey key, int count, short errorCode)
    {
        if (!FaultResponses.Supports(key))
        {
            throw new NotSupportedException($"Failing {key} requests is not supported; these are: {string.Join(", ", FailableKeys)}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _failError[Index(key)] = errorCode;
            Volatile.Write(ref _failRemaining[Index(key)], count);
            _armed = true;
        }
    }

    /// <summary>The API keys <see cref="FailNext"/> can fail.</summary>
    public static IReadOnlyList<ApiKey> FailableKeys => FaultResponses.Keys;

    /// <summary>
    /// Makes the coordinator start a rebalance of <paramref name="groupId"/> now, as a member joining or a topic
    /// changing would: every member is told REBALANCE_IN_PROGRESS and must rejoin (its partitions are revoked first).
    /// Throws when the group is unknown or not Stable (nothing to rebalance yet).
    /// </summary>
    public void ForceRebalance(string groupId)
    {
        if (!_forceRebalance(groupId))
        {
            throw new InvalidOperationException($"Group '{groupId}' is unknown or not Stable; wait until its members have joined before forcing a rebalance.");
        }

        _logger.LogWarning("Fault: forced a rebalance of group {GroupId}", groupId);
    }

    /// <summary>How many injected failures of <paramref name="key"/> have not fired yet.</summary>
    public int Remaining(ApiKey key) => Math.Max(0, Volatile.Read(ref _failRemaining[Index(key)]));

    /// <summary>Broker down for <paramref name="window"/>: open connections drop now and new ones are closed at once until it ends.</summary>
    public void RefuseConnections(TimeSpan window)
    {
        lock (_gate)
        {
            Interlocked.Exchange(ref _refuseUntilTicks, DateTime.UtcNow.Ticks + window.Ticks);
            _armed = true;
        }

        _logger.LogWarning("Fault: refusing connections for {Window} ms", window.TotalMilliseconds);
        _dropConnections();
    }

    /// <summary>Closes every open client connection once; clients reconnect.</summary>
    public void DropConnections()
    {
        _logger.LogWarning("Fault: dropping every open connection");
        _dropConnections();
    }

    /// <summary>
    /// While <paramref name="hold"/>, EndTxn (and a timeout's abort) makes its decision durable as PrepareCommit or
    /// PrepareAbort and answers, but writes no marker and applies no offset, not even on the coordinator's retry tick:
    /// the data folder then looks as a crash right after the decision leaves it, for a restart to complete.
    /// </summary>
    public void HoldTransactionMarkers(bool hold)
    {
        _logger.LogWarning("Fault: transaction markers {Held}", hold ? "held" : "released");
        _holdTransactionMarkers(hold);
    }

    /// <summary>Removes every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_latencyTicks);
            Array.Clear(_failRemaining);
            Interlocked.Exchange(ref _refuseUntilTicks, 0);
            _armed = false;
        }

        _holdTransactionMarkers(false);
    }

    /// <summary>Whether a just-accepted connection must be closed (and logs it when so).</summary>
    internal bool RefusesConnection(string client)
    {
        if (!_armed || DateTime.UtcNow.Ticks >= Interlocked.Read(ref _refuseUntilTicks))
        {
            return false;
        }

        _logger.LogWarning("Fault: refused connection from {Client}", client);
        return true;
    }

    /// <summary>
    /// Applies latency, then an injected failure if one is due: returns null to run the handler, or the outcome of the
    /// error response written in its place.
    /// </summary>
    internal async ValueTask<DispatchOutcome?> ApplyAsync(RequestHeader header, KafkaReader body, KafkaWriter response, string client, CancellationToken cancellationToken)
    {
        var index = Index(header.ApiKey);
        var latency = Volatile.Read(ref _latencyTicks[index]);
        if (latency > 0)
        {
            _logger.LogWarning("Fault: {Key} from {Client} delayed {Delay} ms", header.ApiKey, client, TimeSpan.FromTicks(latency).TotalMilliseconds);
            await Task.Delay(TimeSpan.FromTicks(latency), cancellationToken);
        }

        if (Volatile.Read(ref _failRemaining[index]) <= 0 || Interlocked.Decrement(ref _failRemaining[index]) < 0)
        {
            return null;
        }

        var error = _failError[index];
        _logger.LogWarning("Fault: {Key} from {Client} failed with error {Error}", header.ApiKey, client, error);
        return FaultResponses.Write(header, body, response, error);
    }

    private static int Index(ApiKey key) => (ushort)key < Keys ? (int)key : throw new ArgumentOutOfRangeException(nameof(key));
}
