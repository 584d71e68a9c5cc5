using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Stormline.Clients;

namespace Stormline.Cli.Load;

/// <summary>
/// Reads the shop's event topics from their current end while the load runs and stamps each order's trace with the
/// Kafka timestamp of every event about it (the producer's create time), so stages are timed where they happen.
/// Events that arrive before their order's 201 is known are held until it is.
/// </summary>
public sealed class EventTap : IAsyncDisposable
{
    public static readonly string[] Topics = ["order-events", "payment-events", "delivery-events"];

    private readonly IConsumer<string?, byte[]> _consumer;
    private readonly Dictionary<string, OrderTrace> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Type, string? Id, DateTime At)>> _early = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private EventTap(IConsumer<string?, byte[]> consumer) => _consumer = consumer;

    public long EventsRead { get; private set; }

    /// <summary>Assigns every partition of the three topics at its end offset; throws <see cref="KafkaException"/> when the broker is unreachable.</summary>
    /// <exception cref="ArgumentException">librdkafka refused a setting of <paramref name="clients"/> (see <see cref="RefusedSetting"/>).</exception>
    public static EventTap Start(string bootstrapServers, ClientProperties clients, TimeSpan timeout)
    {
        var consumer = new ConsumerBuilder<string?, byte[]>(clients.ApplyTo(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "stormline-load-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        })).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var metadata = admin.GetMetadata(timeout);
            var assignment = new List<TopicPartitionOffset>();
            foreach (var topic in Topics)
            {
                var partitions = metadata.Topics.FirstOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError)?.Partitions
                    ?? throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic {topic} does not exist; is the shop up (stormline up)?"));
                foreach (var partition in partitions)
                {
                    var tp = new TopicPartition(topic, partition.PartitionId);
                    var end = consumer.QueryWatermarkOffsets(tp, timeout).High;
                    assignment.Add(new TopicPartitionOffset(tp, end));
                }
            }

            consumer.Assign(assignment);
        }
        catch
        {
            consumer.Dispose();
            throw;
        }

        var tap = new EventTap(consumer);
        tap._loop = Task.Factory.StartNew(tap.Loop, TaskCreationOptions.LongRunning);
        return tap;
    }

    /// <summary>Starts following an order; events already read for it are applied now.</summary>
    public void Follow(string orderId, OrderTrace trace)
    {
        lock (_lock)
        {
            _orders[orderId] = trace;
            if (_early.Remove(orderId, out var events))
            {
                events.ForEach(e => trace.Record(e.Type, e.Id, e.At));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string?, byte[]>? result;
            try
            {
                result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue;
            }

            if (result?.Message is not { } message)
            {
                continue;
            }

            EventsRead++;
            var type = ShortType(Header(message.Headers, "event-type") ?? Header(message.Headers, "ce_type"));
            var orderId = OrderId(message.Value) ?? message.Key;
            if (type is null || orderId is null)
            {
                continue;
            }

            var id = Header(message.Headers, "event-id") ?? Header(message.Headers, "ce_id");
            var at = message.Timestamp.UtcDateTime;
            lock (_lock)
            {
                if (_orders.TryGetValue(orderId, out var trace))
                {
                    trace.Record(type, id, at);
                }
                else
                {
                    if (!_early.TryGetValue(orderId, out var list))
                    {
                        _early[orderId] = list = [];
                    }

                    list.Add((type, id, at));
                }
            }
        }
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>"shop.order.OrderCreated" and "OrderCreated" both give "OrderCreated".</summary>
    private static string? ShortType(string? type) => type?[(type.LastIndexOf('.') + 1)..];

    /// <summary>
    /// The orderId field of a JSON event, with or without the Confluent wire-format prefix (magic 0 + schema id); null
    /// for Avro, where the record key (the shop's streams are keyed by order id) stands in.
    /// </summary>
    private static string? OrderId(byte[]? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        var json = (value[0] == 0 && value.Length > 5 ? value.AsSpan(5) : value.AsSpan()).TrimStart(" \t\r\n"u8);
        // Avro (and anything else that is not a JSON object) is told apart here, not by a parse that throws: the
        // generator shares the cores with the shop, and an exception per event cost it about 0.05 ms per order.
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return Find(document.RootElement, 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Find(JsonElement element, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object || depth > 2)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("orderId") || property.NameEquals("OrderId"))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (Find(property.Value, depth + 1) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}
