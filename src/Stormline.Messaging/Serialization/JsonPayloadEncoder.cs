using System.Text;
using Stormline.EventSourcing.Streams;

namespace Stormline.Messaging.Serialization;

/// <summary>The default: the event's JSON as UTF-8, exactly as stored.</summary>
public sealed class JsonPayloadEncoder : IPayloadEncoder
{
    public static JsonPayloadEncoder Instance { get; } = new();

    public ValueTask<byte[]> Encode(string topic, StreamEvent @event, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Encoding.UTF8.GetBytes(@event.Data));
}
