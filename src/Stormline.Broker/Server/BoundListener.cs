namespace Stormline.Broker.Server;

/// <summary>
/// A listener as the running broker serves it: where it accepted the connection, and the address clients of that
/// listener are given in Metadata, FindCoordinator and DescribeCluster (Kafka answers each client with the advertised
/// endpoint of the listener it connected to).
/// </summary>
public sealed record BoundListener(string Name, SecurityProtocol Protocol, string BindHost, int Port, string AdvertisedHost, int AdvertisedPort)
{
    /// <summary>Kafka's lower-case form, used in <c>listener.name.&lt;name&gt;.…</c> config prefixes.</summary>
    public string ConfigPrefix => "listener.name." + Name.ToLowerInvariant() + ".";

    public bool UsesTls => Protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl;

    public bool UsesSasl => Protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;

    public string Bootstrap => $"{AdvertisedHost}:{AdvertisedPort}";
}
