using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Clients;

namespace Stormline.Cli.Up;

/// <summary>
/// What <c>up --secure</c> adds: a CA made at each start with a broker certificate for 127.0.0.1 and localhost, the
/// broker on one SASL_SSL listener, an <c>admin</c> PLAIN user for <c>up</c> itself (topics, console), and one
/// SCRAM-SHA-512 user per service with a fresh password. Each user's librdkafka settings are written as a
/// client.properties file (readable by the owner only) under <c>&lt;data&gt;/secure</c>, where the URL table points.
/// </summary>
public sealed class SecureShop
{
    private const string AdminUser = "admin";
    private readonly string _adminPassword = NewPassword();
    private readonly Dictionary<string, string> _servicePasswords = new(StringComparer.Ordinal);

    private SecureShop(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaPath => Path.Combine(Folder, "ca.pem");

    private string KeystorePath => Path.Combine(Folder, "broker.pem");

    /// <summary>Makes the CA, the broker's certificate and the admin's client.properties.</summary>
    public static SecureShop Prepare(string dataDirectory, IEnumerable<ShopService> services)
    {
        var shop = new SecureShop(Path.Combine(dataDirectory, "secure"));
        Directory.CreateDirectory(shop.Folder);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Stormline up CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(366));

        using var brokerKey = RSA.Create(2048);
        var brokerRequest = new CertificateRequest("CN=localhost", brokerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        brokerRequest.CertificateExtensions.Add(names.Build());
        brokerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var broker = brokerRequest.Create(ca, now.AddMinutes(-5), now.AddDays(365), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(shop.CaPath, ca.ExportCertificatePem() + "\n");
        WritePrivate(shop.KeystorePath, broker.ExportCertificatePem() + "\n" + brokerKey.ExportPkcs8PrivateKeyPem() + "\n");
        foreach (var service in services)
        {
            shop._servicePasswords[service.Key] = NewPassword();
        }

        shop.WriteProperties(AdminUser, "PLAIN", shop._adminPassword);
        return shop;
    }

    /// <summary>One SASL_SSL listener on 127.0.0.1:<paramref name="port"/>: PLAIN for the admin, SCRAM-SHA-512 for the services.</summary>
    public void Configure(BrokerOptions options, int port)
    {
        options.Set("listeners", $"SASL_SSL://127.0.0.1:{port}");
        options.Set("ssl.keystore.type", "PEM");
        options.Set("ssl.keystore.location", KeystorePath);
        options.Set("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        options.Set("listener.name.sasl_ssl.plain.sasl.jaas.config", $"org.apache.kafka.common.security.plain.PlainLoginModule required user_{AdminUser}=\"{_adminPassword}\";");
    }

    /// <summary>The admin's client settings, for up's own clients (topics, console).</summary>
    public ClientProperties AdminClients => new ClientProperties().SetAll(Settings("PLAIN", AdminUser, _adminPassword));

    /// <summary>Creates (or replaces) each service's SCRAM user over the SASL_SSL listener, as the admin, and writes its client.properties.</summary>
    public async Task CreateServiceUsersAsync(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(AdminClients.ApplyTo(new AdminClientConfig { BootstrapServers = bootstrapServers })).Build();
        await admin.AlterUserScramCredentialsAsync(_servicePasswords.Select(p => (UserScramCredentialAlteration)new UserScramCredentialUpsertion
        {
            User = p.Key,
            ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ScramMechanism.ScramSha512, Iterations = 8192 },
            Password = Encoding.UTF8.GetBytes(p.Value),
        }).ToList());
        foreach (var (user, password) in _servicePasswords)
        {
            WriteProperties(user, "SCRAM-SHA-512", password);
        }
    }

    /// <summary>A service's librdkafka settings as the environment variables its hosting reads (<c>Kafka__Client__&lt;name&gt;</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> ServiceEnvironment(ShopService service) =>
        Settings("SCRAM-SHA-512", service.Key, _servicePasswords[service.Key]).Select(s => KeyValuePair.Create("Kafka__Client__" + s.Key, s.Value));

    private Dictionary<string, string> Settings(string mechanism, string user, string password) => new(StringComparer.Ordinal)
    {
        ["security.protocol"] = "SASL_SSL",
        ["sasl.mechanism"] = mechanism,
        ["sasl.username"] = user,
        ["sasl.password"] = password,
        ["ssl.ca.location"] = CaPath,
    };

    private void WriteProperties(string user, string mechanism, string password) =>
        WritePrivate(Path.Combine(Folder, user + ".properties"), string.Concat(Settings(mechanism, user, password).Select(s => $"{s.Key}={s.Value}\n")));

    private static void WritePrivate(string path, string content)
    {
        File.WriteAllText(path, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, content);
    }

    private static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
}
