using Stormline.EventSourcing.Streams;

namespace Stormline.Messaging.CrashHost;

/// <summary>
/// The events the host writes, fixed by their sequence number so the test knows what must arrive: event <c>k</c>
/// goes to order <c>o{k mod Orders}</c> with a deterministic id and payload <c>{"orderId":…,"seq":k}</c>.
/// </summary>
public static class CrashEvents
{
    public const int Orders = 5;

    public const string Type = "ItemAdded";

    public static string OrderOf(int seq) => $"o{seq % Orders}";

    public static Guid IdOf(int seq) => new(seq, 0x5354, 0x4f52, [0x4d, 0x43, 0x52, 0x41, 0x53, 0x48, 0x00, 0x01]);

    public static EventData Event(int seq) =>
        new(IdOf(seq), Type, $$"""{"orderId":"{{OrderOf(seq)}}","seq":{{seq}}}""", EventMetadata.Now("crash-" + seq));
}
