using Stormline.Broker.Protocol;

namespace Stormline.Broker.Server;

/// <summary>One decoded request: its header, a reader positioned at the body, and where it came from.</summary>
internal sealed class Request(RequestHeader header, KafkaReader body, string clientHost)
{
    public RequestHeader Header { get; } = header;

    public short Version => Header.ApiVersion;

    public KafkaReader Body { get; } = body;

    public string ClientId => Header.ClientId ?? string.Empty;

    public string ClientHost { get; } = clientHost;

    /// <summary>Who sent it, as ACLs name principals; unauthenticated connections are User:ANONYMOUS.</summary>
    public string Principal { get; init; } = Security.KafkaPrincipal.Anonymous;
}
