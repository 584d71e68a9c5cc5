using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stormline.Broker.Tests.Security;

/// <summary>
/// A throwaway CA, a server certificate for 127.0.0.1 and localhost, and a client certificate, as PEM files in a
/// temporary folder (what an operator would hand the broker and librdkafka).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string clientSubject = "CN=alice, OU=payments, O=Stormline")
    {
        Directory.CreateDirectory(Folder);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Stormline Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CaPath, ca.ExportCertificatePem());

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        Issue(ca, "CN=localhost", names.Build(), ServerPath, ServerKeyPath, "1.3.6.1.5.5.7.3.1");
        Issue(ca, clientSubject, null, ClientPath, ClientKeyPath, "1.3.6.1.5.5.7.3.2");

        // ssl.keystore.location: one PEM with the chain and the key.
        File.WriteAllText(ServerKeystorePath, File.ReadAllText(ServerPath) + "\n" + File.ReadAllText(ServerKeyPath));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "stormline-tls-" + Guid.NewGuid().ToString("N"));

    public string CaPath => Path.Combine(Folder, "ca.pem");

    public string ServerPath => Path.Combine(Folder, "server.pem");

    public string ServerKeyPath => Path.Combine(Folder, "server.key");

    public string ServerKeystorePath => Path.Combine(Folder, "server-keystore.pem");

    public string ClientPath => Path.Combine(Folder, "client.pem");

    public string ClientKeyPath => Path.Combine(Folder, "client.key");

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static void Issue(X509Certificate2 ca, string subject, X509Extension? names, string certPath, string keyPath, string usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}
