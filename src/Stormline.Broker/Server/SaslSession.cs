using Stormline.Broker.Security;

namespace Stormline.Broker.Server;

/// <summary>Where a connection on a SASL listener is in Kafka's SaslServerAuthenticator flow.</summary>
internal enum SaslStage
{
    /// <summary>Waiting for SaslHandshake (ApiVersions may come first).</summary>
    Handshake,

    /// <summary>Handshake v1 done: tokens come in SaslAuthenticate requests.</summary>
    Authenticate,

    /// <summary>Handshake v0 done: the next frames are bare tokens without a request header.</summary>
    RawToken,

    /// <summary>Authenticated; a new SaslHandshake starts re-authentication (KIP-368).</summary>
    Authenticated,
}

/// <summary>
/// The SASL state of one connection on a SASL_PLAINTEXT or SASL_SSL listener. Until the first authentication
/// succeeds, only ApiVersions, SaslHandshake and SaslAuthenticate are served; once the session lifetime
/// (connections.max.reauth.ms) has passed without re-authentication, the same holds again, as in Kafka.
/// </summary>
internal sealed class SaslSession(ListenerSasl listener)
{
    private long _expiresAt = long.MaxValue;

    public ListenerSasl Listener { get; } = listener;

    public SaslStage Stage { get; set; } = SaslStage.Handshake;

    /// <summary>The exchange in progress (between a handshake and its completion).</summary>
    public SaslExchange? Exchange { get; set; }

    /// <summary>The mechanism of the first successful authentication; re-authentication must use the same one.</summary>
    public string? Mechanism { get; private set; }

    public bool HasAuthenticated => Mechanism is not null;

    /// <summary>Successful authentications on this connection: 1, plus one per re-authentication.</summary>
    public int Authentications { get; private set; }

    /// <summary>Whether a request other than ApiVersions, SaslHandshake or SaslAuthenticate may be served now.</summary>
    public bool Admits(long nowTicks) => HasAuthenticated && nowTicks < _expiresAt;

    /// <summary>Records a completed exchange; <paramref name="lifetimeMs"/> 0 means the session never expires.</summary>
    public void Complete(string mechanism, long lifetimeMs, long nowTicks)
    {
        Mechanism = mechanism;
        Authentications++;
        Exchange = null;
        Stage = SaslStage.Authenticated;
        _expiresAt = lifetimeMs > 0 ? nowTicks + lifetimeMs : long.MaxValue;
    }
}
