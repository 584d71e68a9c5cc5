namespace Stormline.Broker.Server;

/// <summary>
/// Kafka's queued.max.request.bytes: the bytes of requests read and not yet answered, across all connections. A
/// connection reserves a frame's size as soon as its size prefix arrives and returns it once the response is sent;
/// while the total is at the cap, reservations wait, so connections stop reading their sockets (TCP back-pressure,
/// no error, nothing closed). As Kafka's memory pool (non-strict), a reservation is granted whenever the total is
/// below the cap, so the total stays under cap + socket.request.max.bytes and a frame larger than what is left never
/// starves. A cap of 0 or less only counts. Thread-safe.
/// </summary>
internal sealed class RequestMemory(BrokerOptions options)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _released = NewSignal();
    private long _used;
    private long _peak;
    private long _waits;

    /// <summary>Bytes reserved now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Most bytes ever reserved at once.</summary>
    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>How many reservations had to wait for memory.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    public ValueTask ReserveAsync(int bytes, CancellationToken cancellationToken) =>
        TryReserve(bytes) ? ValueTask.CompletedTask : WaitAsync(bytes, cancellationToken);

    public void Return(int bytes)
    {
        Interlocked.Add(ref _used, -bytes);
        if (options.QueuedMaxRequestBytes <= 0)
        {
            return;
        }

        TaskCompletionSource released;
        lock (_gate)
        {
            released = _released;
            _released = NewSignal();
        }

        released.TrySetResult();
    }

    private async ValueTask WaitAsync(int bytes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waits);
        while (true)
        {
            Task released;
            lock (_gate)
            {
                released = _released.Task;
            }

            // Checked after taking the signal: a return in between completes the signal we hold.
            if (TryReserve(bytes))
            {
                return;
            }

            await released.WaitAsync(cancellationToken);
        }
    }

    private bool TryReserve(int bytes)
    {
        var cap = options.QueuedMaxRequestBytes;
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (cap > 0 && used >= cap)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                var now = used + bytes;
                for (var peak = Interlocked.Read(ref _peak); now > peak; peak = Interlocked.Read(ref _peak))
                {
                    Interlocked.CompareExchange(ref _peak, now, peak);
                }

                return true;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
