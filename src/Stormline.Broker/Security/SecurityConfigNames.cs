namespace Stormline.Broker.Security;

/// <summary>
/// The Kafka SSL and SASL broker configs this broker understands, each also accepted with a
/// <c>listener.name.&lt;listener&gt;.</c> prefix (the listener's name in lower case, as Kafka), which then wins over the
/// unprefixed value for that listener. JAAS configs exist only per listener and mechanism, as in Kafka:
/// <c>listener.name.&lt;listener&gt;.&lt;mechanism&gt;.sasl.jaas.config</c>.
/// </summary>
public static class SecurityConfigNames
{
    public const string KeystoreType = "ssl.keystore.type";
    public const string KeystoreLocation = "ssl.keystore.location";
    public const string KeystoreCertificateChain = "ssl.keystore.certificate.chain";
    public const string KeystoreKey = "ssl.keystore.key";
    public const string KeyPassword = "ssl.key.password";
    public const string TruststoreType = "ssl.truststore.type";
    public const string TruststoreLocation = "ssl.truststore.location";
    public const string TruststoreCertificates = "ssl.truststore.certificates";
    public const string ClientAuth = "ssl.client.auth";
    public const string EnabledProtocols = "ssl.enabled.protocols";
    public const string EnabledMechanisms = "sasl.enabled.mechanisms";
    public const string JaasConfigSuffix = ".sasl.jaas.config";

    /// <summary>Configs a listener prefix may carry, with what each means.</summary>
    public static IReadOnlyDictionary<string, string> PerListener { get; } = new Dictionary<string, string>
    {
        [KeystoreType] = "PEM (the only keystore type served)",
        [KeystoreLocation] = "a PEM file with the certificate chain and its private key",
        [KeystoreCertificateChain] = "the certificate chain itself, PEM text",
        [KeystoreKey] = "the private key itself, PEM text (PKCS#8)",
        [KeyPassword] = "password of an encrypted private key",
        [TruststoreType] = "PEM (the only truststore type served)",
        [TruststoreLocation] = "a PEM file with the CA certificates client certificates are checked against",
        [TruststoreCertificates] = "the CA certificates themselves, PEM text",
        [ClientAuth] = "required, requested or none: whether TLS clients must present a certificate",
        [EnabledProtocols] = "TLSv1.2,TLSv1.3 (the default)",
        [EnabledMechanisms] = "SASL mechanisms offered: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512",
    };

    /// <summary>Accepted for compatibility; a single node has no inter-broker traffic.</summary>
    private static readonly string[] Accepted = ["sasl.mechanism.inter.broker.protocol", "security.inter.broker.protocol", "ssl.endpoint.identification.algorithm"];

    public static readonly string[] Mechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"];

    public static IEnumerable<string> All => PerListener.Keys.Concat(Accepted).Append("listener.name.<listener>.<config>").Append("listener.name.<listener>.<mechanism>" + JaasConfigSuffix);

    public static bool IsKnown(string name)
    {
        if (PerListener.ContainsKey(name) || Accepted.Contains(name))
        {
            return true;
        }

        if (!name.StartsWith("listener.name.", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = name["listener.name.".Length..];
        var dot = rest.IndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var config = rest[(dot + 1)..];
        return PerListener.ContainsKey(config)
            || (config.EndsWith(JaasConfigSuffix, StringComparison.Ordinal) && Mechanisms.Contains(config[..^JaasConfigSuffix.Length], StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Checks the values whose set is closed; files and PEM text are checked when the listener starts.</summary>
    public static string Checked(string name, string value)
    {
        var config = name.StartsWith("listener.name.", StringComparison.Ordinal) ? name[(name.IndexOf('.', "listener.name.".Length) + 1)..] : name;
        switch (config)
        {
            case KeystoreType or TruststoreType when !value.Equals("PEM", StringComparison.OrdinalIgnoreCase):
                throw new ArgumentException($"{name}: only PEM is supported, not '{value}'");
            case ClientAuth when value is not ("required" or "requested" or "none"):
                throw new ArgumentException($"{name} must be required, requested or none, not '{value}'");
            case EnabledMechanisms:
                foreach (var mechanism in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!Mechanisms.Contains(mechanism))
                    {
                        throw new ArgumentException($"{name}: mechanism '{mechanism}' is not supported (supported: {string.Join(", ", Mechanisms)})");
                    }
                }

                break;
        }

        return value;
    }
}
