using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Clients;
using Stormline.Model.Elements;
using Stormline.OpsConsole.Security;
using Stormline.Registry.Security;

namespace Stormline.Cli.Up;

/// <summary>
/// What <c>up --secure</c> adds: a CA made at each start with a broker certificate for 127.0.0.1 and localhost, the
/// broker on one SASL_SSL listener, an <c>admin</c> PLAIN user for <c>up</c> itself (topics, console), and one
/// SCRAM-SHA-512 user per service with a fresh password. Each user's librdkafka settings are written as a
/// client.properties file (readable by the owner only) under <c>&lt;data&gt;/secure</c>, where the URL table points.
/// The broker's StandardAuthorizer is on (only <c>admin</c> is a super user) and each service gets the ACLs of
/// <see cref="ServiceAcls"/>; the registry asks every client for basic auth (<c>admin</c> as admin, each service
/// read-only, under the same name and password as on the broker); the console wants an operator or viewer token.
/// </summary>
public sealed class SecureShop
{
    private const string AdminUser = "admin";
    private readonly string _adminPassword = NewPassword();
    private readonly Dictionary<string, string> _servicePasswords = new(StringComparer.Ordinal);
    private readonly string _operatorToken = NewPassword();
    private readonly string _viewerToken = NewPassword();
    private readonly string _tracesToken = NewPassword();

    private SecureShop(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaPath => Path.Combine(Folder, "ca.pem");

    private string KeystorePath => Path.Combine(Folder, "broker.pem");

    /// <summary>The console's operator bearer token (may reset offsets and redrive dead letters).</summary>
    public string OperatorTokenPath => Path.Combine(Folder, "console-operator.token");

    /// <summary>The console's viewer bearer token (reads only).</summary>
    public string ViewerTokenPath => Path.Combine(Folder, "console-viewer.token");

    /// <summary>
    /// The console's users: <c>operator</c> and <c>viewer</c>, with the tokens in <see cref="Folder"/>, and <c>services</c>,
    /// a viewer whose token only the services get, to export their traces (the console wants a token on /v1 too).
    /// </summary>
    public IEnumerable<ConsoleUser> ConsoleUsers =>
    [
        ConsoleUser.WithToken("operator", ConsoleRole.Operator, _operatorToken),
        ConsoleUser.WithToken("viewer", ConsoleRole.Viewer, _viewerToken),
        ConsoleUser.WithToken("services", ConsoleRole.Viewer, _tracesToken),
    ];

    /// <summary>The services' OTLP exporter headers (<c>OTEL_EXPORTER_OTLP_HEADERS</c>) carrying their console token.</summary>
    public string TraceExportHeaders => "Authorization=Bearer " + _tracesToken;

    /// <summary>The registry's accounts: <c>admin</c> (registers the model's schemas) and each service read-only (look-ups).</summary>
    public IEnumerable<RegistryUser> RegistryUsers =>
        _servicePasswords.Select(p => new RegistryUser(p.Key, RegistryRole.ReadOnly, RegistryPasswordHash.Create(p.Value)))
            .Prepend(new RegistryUser(AdminUser, RegistryRole.Admin, RegistryPasswordHash.Create(_adminPassword)));

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
        WritePrivate(shop.OperatorTokenPath, shop._operatorToken + "\n");
        WritePrivate(shop.ViewerTokenPath, shop._viewerToken + "\n");
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
        options.Set("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        options.Set("super.users", "User:" + AdminUser);
        options.Set("allow.everyone.if.no.acl.found", "false");
    }

    /// <summary>The admin's client settings and registry credentials, for up's own clients (topics, schemas, console).</summary>
    public ClientProperties AdminClients =>
        new ClientProperties().SetAll(Settings("PLAIN", AdminUser, _adminPassword)).Set("basic.auth.user.info", $"{AdminUser}:{_adminPassword}");

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

    /// <summary>Gives each service its ACLs (<see cref="ServiceAcls"/>), as the admin; run before any service starts.</summary>
    public async Task GrantServiceAclsAsync(string bootstrapServers, IEnumerable<ShopService> services, EventModel model)
    {
        using var admin = new AdminClientBuilder(AdminClients.ApplyTo(new AdminClientConfig { BootstrapServers = bootstrapServers })).Build();
        await admin.CreateAclsAsync(services.SelectMany(s => ServiceAcls.For(s, model)).ToList());
    }

    /// <summary>
    /// A service's librdkafka settings as the environment variables its hosting reads (<c>Kafka__Client__&lt;name&gt;</c>),
    /// and its registry credentials (<c>SchemaRegistry__BasicAuthUserInfo</c>).
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> ServiceEnvironment(ShopService service) =>
        Settings("SCRAM-SHA-512", service.Key, _servicePasswords[service.Key]).Select(s => KeyValuePair.Create("Kafka__Client__" + s.Key, s.Value))
            .Append(KeyValuePair.Create("SchemaRegistry__BasicAuthUserInfo", $"{service.Key}:{_servicePasswords[service.Key]}"));

    private Dictionary<string, string> Settings(string mechanism, string user, string password) => new(StringComparer.Ordinal)
    {
        ["security.protocol"] = "SASL_SSL",
        ["sasl.mechanism"] = mechanism,
        ["sasl.username"] = user,
        ["sasl.password"] = password,
        ["ssl.ca.location"] = CaPath,
    };

    // basic.auth.user.info is the registry's (Confluent's file format): ClientProperties keeps it away from librdkafka.
    private void WriteProperties(string user, string mechanism, string password) =>
        WritePrivate(Path.Combine(Folder, user + ".properties"),
            string.Concat(Settings(mechanism, user, password).Select(s => $"{s.Key}={s.Value}\n")) + $"basic.auth.user.info={user}:{password}\n");

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
