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

    public static Counter<long> EventsAppended { get; } = Meter.CreateCounter<long>("shop.events.appended", "{event}", "Events appended to the service's event store.");
}
