using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Shop.Hosting.Telemetry;

/// <summary>
/// The services' own Meter and ActivitySource, "Stormline.Shop" (next to "Stormline.Messaging"): commands handled and
/// rejected, events appended, each tagged with the service and the command or event type.
/// </summary>
public static class ShopMetrics
{
    public const string Name = "Stormline.Shop";

    public static Meter Meter { get; } = new(Name);

    public static ActivitySource Source { get; } = new(Name);

    public static Counter<long> CommandsHandled { get; } = Meter.CreateCounter<long>("shop.commands.handled", "{command}", "Commands a decider accepted (including ones that changed nothing).");

    public static Counter<long> CommandsRejected { get; } = Meter.CreateCounter<long>("shop.commands.rejected", "{command}", "Commands refused: invalid input or an illegal transition.");

    private static readonly ConcurrentDictionary<string, double> OutboxAges = new(StringComparer.Ordinal);

    /// <summary>
    /// Seconds the oldest unpublished outbox row has waited (0 when none), per service. On /metrics it is
    /// <c>stormline_outbox_oldest_age_seconds</c>, the figure the console's "outbox older than N seconds" alert reads.
    /// </summary>
    public static ObservableGauge<double> OutboxOldestAge { get; } = Meter.CreateObservableGauge(
        "stormline.outbox.oldest_age",
        () => OutboxAges.Select(a => new Measurement<double>(a.Value, new KeyValuePair<string, object?>("service", a.Key))),
        "s",
        "Seconds the oldest unpublished outbox row has waited (0 when the outbox is empty).");

    public static void ReportOutboxAge(string service, TimeSpan age) => OutboxAges[service] = Math.Max(0, age.TotalSeconds);

    public static Counter<long> EventsAppended { get; } = Meter.CreateCounter<long>("shop.events.appended", "{event}", "Events appended to the service's event store.");
}
