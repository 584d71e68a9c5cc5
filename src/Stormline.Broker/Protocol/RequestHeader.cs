namespace Stormline.Broker.Protocol;

/// <summary>Request header v1/v2: the client id is a classic nullable string in both; v2 adds tagged fields.</summary>
public readonly record struct RequestHeader(ApiKey ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    public const int MinimumSize = 10;

    public static RequestHeader Read(KafkaReader reader)
    {
        var key = (ApiKey)reader.ReadInt16();
        var version = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        reader.Flexible = false;
        var clientId = reader.ReadNullableString();
        return new RequestHeader(key, version, correlationId, clientId);
    }
}
