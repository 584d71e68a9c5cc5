using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stormline.Hosting.Telemetry;

/// <summary>
/// The services' own Meter and ActivitySource, "Stormline.Hosting" (next to "Stormline.Messaging"): commands handled
/// and rejected, events appended, each tagged with the service and the command or event type; the outbox's age and
/// parked rows.
/// </summary>
public static class ServiceMetrics
{
    public const string Name = "Stormline.Hosting";

    public static Meter Meter { get; } = new(Name);

    public static ActivitySource Source { get; } = new(Name);

    public static Counter<long> CommandsHandled { get; } = Meter.CreateCounter<long>("stormline.commands.handled", "{command}", "Commands a decider accepted (including ones that changed nothing).");

    public static Counter<long> CommandsRejected { get; } = Meter.CreateCounter<long>("stormline.commands.rejected", "{command}", "Commands refused: invalid input or an illegal transition.");

    public static Counter<long> EventsAppended { get; } = Meter.CreateCounter<long>("stormline.events.appended", "{event}", "Events appended to the service's event store.");

    /// <summary>
    /// CPU seconds this process has used, by mode: <c>process_cpu_time_seconds_total</c> on /metrics, from which
    /// <c>stormline load</c> reports each service's CPU per order (the cost that sets how many orders a core carries).
    /// </summary>
    public static ObservableCounter<double> ProcessCpuTime { get; } = Meter.CreateObservableCounter<double>(
        "process.cpu.time",
        () =>
        {
            var usage = Environment.CpuUsage;
            return (IEnumerable<Measurement<double>>)
            [
                new Measurement<double>(usage.UserTime.TotalSeconds, new KeyValuePair<string, object?>("cpu.mode", "user")),
                new Measurement<double>(usage.PrivilegedTime.TotalSeconds, new KeyValuePair<string, object?>("cpu.mode", "system")),
            ];
        },
        "s",
        "CPU seconds used by the process since it started.");

    private static readonly ConcurrentDictionary<string, double> OutboxAges = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, long> OutboxParked = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> OutboxHeld = new(StringComparer.Ordinal);

    /// <summary>
    /// Seconds the oldest unpublished outbox row has waited (0 when none), per service. On /metrics it is
    /// <c>stormline_outbox_oldest_age_seconds</c>, the figure the console's "outbox older than N seconds" alert reads.
    /// </summary>
    public static ObservableGauge<double> OutboxOldestAge { get; } = Meter.CreateObservableGauge(
        "stormline.outbox.oldest_age",
        () => OutboxAges.Select(a => new Measurement<double>(a.Value, new KeyValuePair<string, object?>("service", a.Key))),
        "s",
        "Seconds the oldest unpublished outbox row has waited (0 when the outbox is empty).");

    /// <summary>Outbox rows parked because they can never be published: <c>stormline_outbox_parked</c>, alerted on when above zero.</summary>
    public static ObservableGauge<long> OutboxParkedRows { get; } = Meter.CreateObservableGauge(
        "stormline.outbox.parked",
        () => OutboxParked.Select(a => new Measurement<long>(a.Value, new KeyValuePair<string, object?>("service", a.Key))),
        "{message}",
        "Outbox rows parked because the broker refuses them for good; each needs an operator.");

    /// <summary>
    /// 1 while the relay holds the outbox because an event's subject has no usable registered schema, 0 otherwise:
    /// <c>stormline_outbox_held</c>. The subject is in the log and /health/ready (a label would leave a stale series).
    /// </summary>
    public static ObservableGauge<long> OutboxHeldBySchema { get; } = Meter.CreateObservableGauge(
        "stormline.outbox.held",
        () => OutboxHeld.Select(a => new Measurement<long>(a.Value ? 1 : 0, new KeyValuePair<string, object?>("service", a.Key))),
        "{outbox}",
        "Whether the outbox relay holds events because a subject has no usable schema in the registry (register it to release them).");

    public static void ReportOutbox(string service, TimeSpan oldestAge, long parked, bool heldBySchema = false)
    {
        OutboxAges[service] = Math.Max(0, oldestAge.TotalSeconds);
        OutboxParked[service] = parked;
        OutboxHeld[service] = heldBySchema;
    }
}
