namespace Stormline.Broker.Server;

/// <summary>Kafka's security protocols, the right-hand side of listener.security.protocol.map.</summary>
public enum SecurityProtocol
{
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}
