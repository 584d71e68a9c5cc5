using System.Net;

namespace Stormline.Broker.Server;

/// <summary>
/// Kafka's connection caps, across every listener: max.connections.per.ip (with its overrides) refuses a connection
/// right after accept, as Kafka's Acceptor closes it; max.connections makes the accept loops wait for a free slot,
/// as Kafka's acceptor blocks, so further clients queue in the listen backlog. Values are read from the live
/// <see cref="BrokerOptions"/> on every accept, so a dynamic change applies to the next connection. Thread-safe.
/// </summary>
internal sealed class ConnectionQuotas(BrokerOptions options)
{
    /// <summary>How often a waiting accept loop looks again, so a raised max.connections frees it without a close.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _counts = [];
    private TaskCompletionSource _released = NewSignal();
    private int _total;

    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>The same address whether it came as IPv4 or IPv4-mapped IPv6 (a dual-stack listener).</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Returns once fewer than max.connections are open.</summary>
    public async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (_gate)
            {
                if (_total < options.MaxConnections)
                {
                    return;
                }

                released = _released.Task;
            }

            try
            {
                await released.WaitAsync(Recheck, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Counts a new connection from <paramref name="address"/>; false (and <paramref name="cap"/>) when its address is at its cap.</summary>
    public bool TryAdmit(IPAddress address, out int cap)
    {
        address = Normalize(address);
        cap = options.ConnectionCapsByAddress.TryGetValue(address, out var own) ? own : options.MaxConnectionsPerIp;
        lock (_gate)
        {
            var count = _counts.GetValueOrDefault(address);
            if (count >= cap)
            {
                return false;
            }

            _counts[address] = count + 1;
            _total++;
            return true;
        }
    }

    /// <summary>A connection admitted by <see cref="TryAdmit"/> closed.</summary>
    public void Release(IPAddress address)
    {
        address = Normalize(address);
        TaskCompletionSource released;
        lock (_gate)
        {
            if (_counts.TryGetValue(address, out var count))
            {
                if (count <= 1)
                {
                    _counts.Remove(address);
                }
                else
                {
                    _counts[address] = count - 1;
                }

                _total--;
            }

            released = _released;
            _released = NewSignal();
        }

        released.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
