using Stormline.Broker.Protocol;

namespace Stormline.Broker.Groups;

/// <summary>
/// Reads the topics out of a member's "consumer" protocol metadata (Kafka's ConsumerProtocolSubscription: int16
/// version, then the topic names; every version starts that way and none is flexible). OffsetDelete needs them to
/// refuse deleting an offset a live member may commit again.
/// </summary>
internal static class ConsumerSubscription
{
    public const string ProtocolType = "consumer";

    /// <summary>The subscribed topics, or none when the metadata cannot be read (Kafka then treats the group as subscribed to nothing).</summary>
    public static IReadOnlyList<string> Topics(byte[] metadata)
    {
        try
        {
            var reader = new KafkaReader(metadata);
            reader.ReadInt16();
            return reader.ReadArray(r => r.ReadString());
        }
        catch (ProtocolException)
        {
            return [];
        }
    }
}
