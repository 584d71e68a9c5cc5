using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Server;

/// <summary>One decoded request: its header, a reader positioned at the body, and the connection it came on.</summary>
internal sealed class Request(RequestHeader header, KafkaReader body, ClientSession session)
{
    public RequestHeader Header { get; } = header;

    public short Version => Header.ApiVersion;

    public KafkaReader Body { get; } = body;

    public string ClientId => Header.ClientId ?? string.Empty;

    public string ClientHost => Session.ClientHost;

    /// <summary>The connection: its listener (whose advertised address answers Metadata) and its authenticated principal.</summary>
    public ClientSession Session { get; } = session;

    /// <summary>Who sent it, as ACLs name principals: the connection's authenticated principal, User:ANONYMOUS without one.</summary>
    public string Principal => Session.Principal;
}
