using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Consuming;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Telemetry;
using Stormline.Messaging.Tests.Consuming;
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Telemetry;

public sealed class TracePropagationTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IDisposable
{
    private static readonly ActivitySource Http = new("Stormline.Messaging.Tests.Http");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-trace-");
    private readonly ConcurrentBag<Activity> _spans = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith(MessagingTelemetry.Name, StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public async Task OneTraceRunsFromTheAppendThroughPublishToProcess()
    {
        using var listener = Listen();
        var topic = "order-events-" + Guid.NewGuid().ToString("N")[..8];
        var store = await SqliteEventStore.Open(Path.Combine(_folder.FullName, "orders.db"), cancellationToken: Ct);
        ActivityTraceId traceId;
        using (var request = Http.StartActivity("POST /orders"))
        {
            traceId = request!.TraceId;
            await store.AppendToStream(StreamName.For("Order", "1"), ExpectedVersion.NoStream,
                [new EventData(Guid.NewGuid(), "PaymentRequested", """{"orderId":"1","amount":1}""", EventMetadata.Now("corr"))], Ct);
        }

        using var producer = OutboxRelay.CreateProducer(broker.BootstrapServers);
        await new OutboxRelay(store, producer, new OutboxRelayOptions { Topic = _ => topic, Source = "/shop/orders" }).PublishPending(Ct);

        var record = Assert.Single(TopicReader.Read(broker.BootstrapServers, topic, 1));
        var traceParent = MessageHeaders.Get(record.Message.Headers, MessageHeaders.TraceParent);
        var publish = Assert.Single(_spans, s => s.OperationName == $"publish {topic}");
        Assert.Equal(traceId, publish.TraceId);
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(publish.Id, traceParent);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var serializer = new EventSerializer(new EventTypeRegistry().Register<PaymentRequested>("PaymentRequested"));
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new EventConsumer(store, serializer, EventConsumer.ConsumerConfig(broker.BootstrapServers, "trace-" + topic), producer,
            new EventConsumerOptions { Topic = topic, GroupId = "payments" }, (ConsumedEvent _, EventContext _, CancellationToken _) => { handled.TrySetResult(); return Task.CompletedTask; });
        var running = Task.Run(() => consumer.Run(cts.Token), Ct);
        await handled.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await cts.CancelAsync();
        await running;

        var process = Assert.Single(_spans, s => s.OperationName == $"process {topic}");
        Assert.Equal(traceId, process.TraceId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("kafka", process.GetTagItem("messaging.system"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
