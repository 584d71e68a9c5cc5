using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Stormline.Bench.Measurement;
using Stormline.Bench.Servers;

namespace Stormline.Bench.Targets;

/// <summary>NATS JetStream through NATS.Net: acknowledged publishes pipelined on one connection, an ordered consumer to read back.</summary>
public sealed class JetStreamTarget : IMessagingTarget
{
    /// <summary>Publishes awaiting their ack at once; the oldest is awaited before another is sent.</summary>
    public const int Window = 10_000;

    private const int ConsumeBatch = 10_000;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(15);

    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;

    private JetStreamTarget(ServerProcess server, NatsConnection connection)
    {
        Server = server;
        _connection = connection;
        _js = new NatsJSContext(connection);
    }

    public string Name => "NATS JetStream";

    public ServerProcess Server { get; }

    public string ClientSettings =>
        $"NATS.Net 3.3.2, one connection: JetStream async publish (PUB with a reply inbox, PubAcks counted as they return) with {Window:N0} awaiting their PubAck at once, file storage, one subject per stream; " +
        $"read back with an ordered consumer (MaxMsgs {ConsumeBatch:N0}); server defaults otherwise (nats-server 2.9, sync_interval 2 min)";

    public static async Task<JetStreamTarget> ConnectAsync(ServerProcess server)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = $"nats://127.0.0.1:{server.Port}",
            Name = "stormline-bench",
            SubPendingChannelCapacity = 65_536,
            CommandTimeout = TimeSpan.FromSeconds(30),
            RequestTimeout = TimeSpan.FromSeconds(30),
        });
        await connection.ConnectAsync();
        return new JetStreamTarget(server, connection);
    }

    public async Task PrepareAsync(string stream, CancellationToken cancellationToken) =>
        await _js.CreateStreamAsync(new StreamConfig(stream, [stream]) { Storage = StreamConfigStorage.File }, cancellationToken);

    public async Task<TransferOutcome> ProduceAsync(string stream, byte[] payload, int count, TimeSpan cap, ProgressCounter progress, CancellationToken cancellationToken)
    {
        await using var publisher = await JetStreamAsyncPublisher.StartAsync(_connection, stream, Window, () => progress.Add(1));
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

            await publisher.PublishAsync(payload, cancellationToken);
        }

        var drained = await publisher.DrainAsync(TimeSpan.FromSeconds(60));
        var elapsed = meter.Elapsed;
        var cpu = meter.Stop();
        var notes = new List<string>();
        if (capped)
        {
            notes.Add($"capped after {sent:N0} of {count:N0}");
        }

        if (!drained)
        {
            notes.Add($"{sent - publisher.Acked - publisher.Failed:N0} without a PubAck after 60 s");
        }

        if (publisher.Failed > 0)
        {
            notes.Add($"{publisher.Failed:N0} failed ({publisher.FirstError})");
        }

        return new TransferOutcome(publisher.Acked, publisher.Acked * payload.Length, elapsed, cpu, sent - publisher.Acked, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    public async Task<TransferOutcome> ConsumeAsync(string stream, long expected, ProgressCounter progress, CancellationToken cancellationToken)
    {
        long received = 0;
        long bytes = 0;
        var meter = CpuMeter.Start(() => Server.CpuTime);
        var firstRecordAt = TimeSpan.Zero;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consumer = await _js.CreateOrderedConsumerAsync(stream, new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }, stop.Token);
        using var watchdog = new Timer(_ => stop.Cancel(), null, Stall, Timeout.InfiniteTimeSpan);
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = ConsumeBatch }, cancellationToken: stop.Token))
            {
                if (received++ == 0)
                {
                    firstRecordAt = meter.Elapsed;
                }

                bytes += message.Data?.Length ?? 0;
                if ((received & 1023) == 0)
                {
                    progress.Add(1024);
                    watchdog.Change(Stall, Timeout.InfiniteTimeSpan);
                }

                if (received >= expected)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var elapsed = meter.Elapsed - firstRecordAt;
        var cpu = meter.Stop();
        return new TransferOutcome(received, bytes, elapsed, cpu, 0, ConsumeNote.For(received, expected, firstRecordAt));
    }

    public Task ReleaseAsync(string stream, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ILatencyProbe> OpenLatencyProbeAsync(string stream, CancellationToken cancellationToken) =>
        new JetStreamLatencyProbe(_js, await JetStreamAsyncPublisher.StartAsync(_connection, stream, Window), stream);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
