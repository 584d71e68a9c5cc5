using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Stormline.Bench.Measurement;
using Stormline.Bench.Workloads;

namespace Stormline.Bench.Targets;

/// <summary>Acknowledged JetStream publishes (asynchronous, acks counted) and an ordered consumer from the stream's start.</summary>
public sealed class JetStreamLatencyProbe(NatsJSContext js, JetStreamAsyncPublisher publisher, string stream) : ILatencyProbe
{
    private readonly List<Task> _pending = [];

    public async Task ConsumeAsync(LatencyRecorder recorder, CancellationToken cancellationToken)
    {
        try
        {
            var consumer = await js.CreateOrderedConsumerAsync(stream, new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }, cancellationToken);
            await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = 1000 }, cancellationToken: cancellationToken))
            {
                if (message.Data is { } data)
                {
                    recorder.Record(Payload.ReadStamp(data));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Send(byte[] value)
    {
        var send = publisher.PublishAsync(value);
        if (!send.IsCompletedSuccessfully)
        {
            _pending.Add(send.AsTask());
        }
    }

    public async Task<long> DrainAsync()
    {
        await Task.WhenAll(_pending);
        var drained = await publisher.DrainAsync(TimeSpan.FromSeconds(30));
        return publisher.Failed + (drained ? 0 : 1);
    }

    public async ValueTask DisposeAsync() => await publisher.DisposeAsync();
}
