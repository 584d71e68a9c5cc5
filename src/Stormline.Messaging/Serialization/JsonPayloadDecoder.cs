using System.Text;

namespace Stormline.Messaging.Serialization;

/// <summary>The default: plain JSON, or JSON in Confluent's wire format (the schema id is not needed to read it).</summary>
public sealed class JsonPayloadDecoder : IPayloadDecoder
{
    public static JsonPayloadDecoder Instance { get; } = new();

    public ValueTask<string> Decode(byte[] value, CancellationToken cancellationToken)
    {
        ConfluentWireFormat.TryUnframe(value, out _, out var payload);
        return ValueTask.FromResult(Encoding.UTF8.GetString(payload));
    }
}
