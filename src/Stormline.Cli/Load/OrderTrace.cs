namespace Stormline.Cli.Load;

/// <summary>One order's journey as the load generator saw it: the HTTP answers and the time each event reached Kafka.</summary>
public sealed class OrderTrace(int index, OrderKind kind)
{
    private readonly Dictionary<string, DateTime> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _eventIds = new(StringComparer.Ordinal);
    private readonly List<string> _sequence = [];
    private readonly Lock _lock = new();

    public int Index { get; } = index;

    public OrderKind Kind { get; } = kind;

    public string? OrderId { get; set; }

    /// <summary>UTC time just before POST /orders was sent.</summary>
    public DateTime SentAt { get; set; }

    /// <summary>UTC time the 201 arrived.</summary>
    public DateTime AcceptedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>For <see cref="OrderKind.Cancelled"/>: the HTTP status of POST /orders/{id}/cancel.</summary>
    public int? CancelStatus { get; set; }

    /// <summary>The event types that must be seen on Kafka before the order counts as done.</summary>
    public string DoneEvent => Kind == OrderKind.Normal || CancelStatus == 409 ? "DeliveryStarted" : "OrderCancelled";

    public bool IsDone => Error is not null || Seen(DoneEvent) is not null;

    /// <summary>
    /// Records an event's first arrival (by Kafka timestamp), every distinct event id of its type, and its place in
    /// the order's sequence (a redelivery of the same event id is not a new place).
    /// </summary>
    public void Record(string type, string? eventId, DateTime timestamp)
    {
        lock (_lock)
        {
            if (eventId is null || !_eventIds.TryGetValue(type, out var known) || !known.Contains(eventId))
            {
                _sequence.Add(type);
            }

            if (!_events.TryGetValue(type, out var first) || timestamp < first)
            {
                _events[type] = timestamp;
            }

            if (eventId is not null)
            {
                if (!_eventIds.TryGetValue(type, out var ids))
                {
                    _eventIds[type] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(eventId);
            }
        }
    }

    public DateTime? Seen(string type)
    {
        lock (_lock)
        {
            return _events.TryGetValue(type, out var at) ? at : null;
        }
    }

    /// <summary>The distinct events in the order they were read (per topic, that is the order they were published in).</summary>
    public IReadOnlyList<string> Sequence()
    {
        lock (_lock)
        {
            return [.. _sequence];
        }
    }

    /// <summary>How many distinct events of a type (by event id) were published for this order.</summary>
    public int DistinctCount(string type)
    {
        lock (_lock)
        {
            return _eventIds.TryGetValue(type, out var ids) ? ids.Count : _events.ContainsKey(type) ? 1 : 0;
        }
    }
}
