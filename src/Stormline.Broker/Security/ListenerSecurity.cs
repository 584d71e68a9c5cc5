using Stormline.Broker.Server;

namespace Stormline.Broker.Security;

/// <summary>The SSL and SASL settings of one listener: its <c>listener.name.&lt;name&gt;.</c> value, else the broker-wide one.</summary>
internal static class ListenerSecurity
{
    public static string? Get(BrokerOptions options, string listenerName, string config) =>
        options.SecurityConfigs.GetValueOrDefault("listener.name." + listenerName.ToLowerInvariant() + "." + config)
        ?? options.SecurityConfigs.GetValueOrDefault(config);

    /// <exception cref="ArgumentException">The listener's protocol needs settings that are missing or wrong.</exception>
    public static void Check(BrokerOptions options, ListenerSpec listener)
    {
        if (listener.Protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl)
        {
            ListenerTls.Load(options, listener.Name);
        }

        if (listener.Protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
        {
            ListenerSasl.Load(options, listener.Name);
        }
    }
}
