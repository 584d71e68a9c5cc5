using Stormline.Broker.Security;

namespace Stormline.Broker.Server;

/// <summary>
/// What the broker knows about one client connection: where it came from, the listener it connected to, and who it
/// is. Handlers read it from <see cref="Request.Session"/>; authorization decisions belong on <see cref="Principal"/>.
/// </summary>
internal sealed class ClientSession(string clientHost, BoundListener listener, ListenerSasl? sasl = null)
{
    /// <summary>Kafka's principal of a connection that did not authenticate (PLAINTEXT, or SSL without a client certificate).</summary>
    public const string AnonymousPrincipal = "User:ANONYMOUS";

    public string ClientHost { get; } = clientHost;

    public BoundListener Listener { get; } = listener;

    /// <summary>Kafka's principal string: <c>User:ANONYMOUS</c>, <c>User:alice</c> after SASL, <c>User:CN=…</c> for a TLS client certificate.</summary>
    public string Principal { get; set; } = AnonymousPrincipal;

    /// <summary>The SASL state on a SASL_PLAINTEXT or SASL_SSL listener; null on PLAINTEXT and SSL.</summary>
    public SaslSession? Sasl { get; } = sasl is null ? null : new SaslSession(sasl);

    /// <summary>Set by a handler whose response must be the connection's last (a failed authentication, as Kafka).</summary>
    public bool CloseAfterResponse { get; set; }
}
