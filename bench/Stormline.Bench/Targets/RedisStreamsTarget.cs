using StackExchange.Redis;
using Stormline.Bench.Measurement;
using Stormline.Bench.Servers;

namespace Stormline.Bench.Targets;

/// <summary>Redis Streams through StackExchange.Redis: XADD pipelined on one multiplexed connection, XREAD COUNT to read back.</summary>
public sealed class RedisStreamsTarget : IMessagingTarget
{
    /// <summary>XADDs in flight at once; the oldest is awaited before another is sent.</summary>
    public const int Window = 10_000;

    private const int ReadCount = 10_000;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(15);

    private readonly ConnectionMultiplexer _connection;

    private RedisStreamsTarget(ServerProcess server, ConnectionMultiplexer connection)
    {
        Server = server;
        _connection = connection;
    }

    public string Name => "Redis Streams";

    public ServerProcess Server { get; }

    public string ClientSettings =>
        $"StackExchange.Redis 3.4.35, one multiplexed connection: XADD key * d <value> with {Window:N0} in flight, each reply awaited; " +
        $"read back with XREAD COUNT {ReadCount:N0}; latency consumer on its own connection with XREAD BLOCK 100. " +
        "Server: --appendonly yes --appendfsync everysec --save \"\"";

    internal static ConfigurationOptions Options(int port) => new()
    {
        EndPoints = { { "127.0.0.1", port } },
        AbortOnConnectFail = true,
        SyncTimeout = 30_000,
        AsyncTimeout = 30_000,
    };

    public static async Task<RedisStreamsTarget> ConnectAsync(ServerProcess server) =>
        new(server, await ConnectionMultiplexer.ConnectAsync(Options(server.Port)));

    public async Task PrepareAsync(string stream, CancellationToken cancellationToken) =>
        await _connection.GetDatabase().KeyDeleteAsync(stream);

    public async Task<TransferOutcome> ProduceAsync(string stream, byte[] payload, int count, TimeSpan cap, ProgressCounter progress, CancellationToken cancellationToken)
    {
        var db = _connection.GetDatabase();
        RedisKey key = stream;
        RedisValue value = payload;
        RedisValue field = "d";
        var inFlight = new Task<RedisValue>?[Window];
        long acked = 0;
        long failed = 0;
        string? firstError = null;
        async ValueTask Complete(Task<RedisValue> pending)
        {
            try
            {
                await pending;
                acked++;
            }
            catch (RedisException ex)
            {
                failed++;
                firstError ??= ex.Message;
            }

            progress.Add(1);
        }

        var meter = CpuMeter.Start(() => Server.CpuTime);
        var sent = 0;
        var capped = false;
        for (; sent < count; sent++)
        {
            if ((sent & 1023) == 0 && (meter.Elapsed > cap || cancellationToken.IsCancellationRequested))
            {
                capped = true;
                break;
            }

            var slot = sent % Window;
            if (inFlight[slot] is { } oldest)
            {
                await Complete(oldest);
            }

            inFlight[slot] = db.StreamAddAsync(key, field, value);
        }

        for (var i = 0; i < Window; i++)
        {
            if (inFlight[(sent + i) % Window] is { } pending)
            {
                await Complete(pending);
            }
        }

        var elapsed = meter.Elapsed;
        var cpu = meter.Stop();
        var note = capped ? $"capped after {sent:N0} of {count:N0}" : null;
        if (failed > 0)
        {
            note = $"{note} {failed:N0} failed ({firstError})".Trim();
        }

        return new TransferOutcome(acked, acked * payload.Length, elapsed, cpu, failed, note);
    }

    public async Task<TransferOutcome> ConsumeAsync(string stream, long expected, ProgressCounter progress, CancellationToken cancellationToken)
    {
        var db = _connection.GetDatabase();
        RedisKey key = stream;
        RedisValue last = "0-0";
        long received = 0;
        long bytes = 0;
        var meter = CpuMeter.Start(() => Server.CpuTime);
        var lastProgress = meter.Elapsed;
        var firstRecordAt = TimeSpan.Zero;
        while (received < expected && !cancellationToken.IsCancellationRequested)
        {
            var entries = await db.StreamReadAsync(key, last, ReadCount);
            if (entries.Length == 0)
            {
                if (meter.Elapsed - lastProgress > Stall)
                {
                    break;
                }

                await Task.Delay(1, cancellationToken);
                continue;
            }

            if (received == 0)
            {
                firstRecordAt = meter.Elapsed;
            }

            foreach (var entry in entries)
            {
                bytes += entry.Values[0].Value.Length();
            }

            received += entries.Length;
            last = entries[^1].Id;
            progress.Add(entries.Length);
            lastProgress = meter.Elapsed;
        }

        var elapsed = meter.Elapsed - firstRecordAt;
        var cpu = meter.Stop();
        return new TransferOutcome(received, bytes, elapsed, cpu, 0, ConsumeNote.For(received, expected, firstRecordAt));
    }

    public async Task ReleaseAsync(string stream, CancellationToken cancellationToken) =>
        await _connection.GetDatabase().KeyDeleteAsync(stream);

    public async Task<ILatencyProbe> OpenLatencyProbeAsync(string stream, CancellationToken cancellationToken) =>
        new RedisLatencyProbe(_connection.GetDatabase(), await ConnectionMultiplexer.ConnectAsync(Options(Server.Port)), stream);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
