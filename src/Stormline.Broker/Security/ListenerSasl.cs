using Stormline.Broker.Server;

namespace Stormline.Broker.Security;

/// <summary>
/// The SASL side of a SASL_PLAINTEXT or SASL_SSL listener: the mechanisms it offers (its sasl.enabled.mechanisms)
/// and, for PLAIN, the users of its <c>listener.name.&lt;listener&gt;.plain.sasl.jaas.config</c>. SCRAM users are
/// broker-wide, in <see cref="ScramCredentialStore"/>.
/// </summary>
internal sealed class ListenerSasl
{
    private const string PlainLoginModule = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private const string ScramLoginModule = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private ListenerSasl(IReadOnlyList<string> mechanisms, IReadOnlyDictionary<string, string> plainUsers, long sessionLifetimeMs)
    {
        Mechanisms = mechanisms;
        PlainUsers = plainUsers;
        SessionLifetimeMs = sessionLifetimeMs;
    }

    public IReadOnlyList<string> Mechanisms { get; }

    public IReadOnlyDictionary<string, string> PlainUsers { get; }

    /// <summary>connections.max.reauth.ms: how long an authentication holds before the client must re-authenticate (0: for ever).</summary>
    public long SessionLifetimeMs { get; }

    /// <exception cref="ArgumentException">No mechanism is enabled, or PLAIN has no users, or a JAAS config is malformed.</exception>
    public static ListenerSasl Load(BrokerOptions options, string listenerName)
    {
        var prefix = "listener.name." + listenerName.ToLowerInvariant() + ".";
        var enabled = ListenerSecurity.Get(options, listenerName, SecurityConfigNames.EnabledMechanisms);
        if (enabled is null)
        {
            // Kafka's default is GSSAPI (Kerberos), which this broker does not serve: say so rather than offer nothing.
            throw new ArgumentException($"listener {listenerName}: set {SecurityConfigNames.EnabledMechanisms} or {prefix}{SecurityConfigNames.EnabledMechanisms} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)");
        }

        var mechanisms = enabled.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (mechanisms.Count == 0)
        {
            throw new ArgumentException($"listener {listenerName}: {SecurityConfigNames.EnabledMechanisms} is empty");
        }

        var plainUsers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mechanism in mechanisms)
        {
            var name = prefix + mechanism.ToLowerInvariant() + SecurityConfigNames.JaasConfigSuffix;
            var jaas = options.SecurityConfigs.GetValueOrDefault(name);
            if (mechanism == "PLAIN")
            {
                var config = JaasConfig.Parse(name, jaas ?? throw new ArgumentException($"listener {listenerName} enables PLAIN: set {name} with the users (user_alice=\"secret\")"));
                if (config.LoginModule != PlainLoginModule)
                {
                    throw new ArgumentException($"{name}: PLAIN needs {PlainLoginModule}, not {config.LoginModule}");
                }

                foreach (var (key, value) in config.Options.Where(o => o.Key.StartsWith("user_", StringComparison.Ordinal)))
                {
                    plainUsers[key["user_".Length..]] = value;
                }

                if (plainUsers.Count == 0)
                {
                    throw new ArgumentException($"{name} has no user_<name>=\"<password>\" entry: no client could log in with PLAIN");
                }
            }
            else if (jaas is not null && JaasConfig.Parse(name, jaas).LoginModule != ScramLoginModule)
            {
                throw new ArgumentException($"{name}: {mechanism} needs {ScramLoginModule}");
            }
        }

        return new ListenerSasl(mechanisms, plainUsers, options.ConnectionsMaxReauthMs);
    }

    /// <summary>A new exchange for <paramref name="mechanism"/>, or null when this listener does not offer it.</summary>
    public SaslExchange? Start(string mechanism, ScramCredentialStore scram) =>
        !Mechanisms.Contains(mechanism) ? null
        : mechanism == "PLAIN" ? new PlainExchange(PlainUsers)
        : ScramMechanism.ByName(mechanism) is { } scramMechanism ? new ScramExchange(scramMechanism, user => scram.Find(user, scramMechanism))
        : null;
}
