using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Stormline.Broker.Server;

namespace Stormline.Broker.Security;

/// <summary>
/// The TLS side of an SSL or SASL_SSL listener, built once at start from Kafka's PEM configs so that a missing file
/// or a key that does not match its certificate stops the broker with the config's name instead of failing each
/// handshake. Client certificates (ssl.client.auth) are checked against the configured truststore only, never the
/// machine's roots, as a Kafka broker does with its truststore.
/// </summary>
internal sealed class ListenerTls
{
    private readonly X509Certificate2Collection _trusted;
    private readonly string _clientAuth;

    private ListenerTls(SslStreamCertificateContext certificate, X509Certificate2Collection trusted, string clientAuth, SslProtocols protocols)
    {
        _trusted = trusted;
        _clientAuth = clientAuth;
        ServerOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            ClientCertificateRequired = clientAuth != "none",
            EnabledSslProtocols = protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = ValidateClient,
        };
    }

    public SslServerAuthenticationOptions ServerOptions { get; }

    /// <exception cref="ArgumentException">A setting is missing, unreadable, or the key does not match the certificate.</exception>
    public static ListenerTls Load(BrokerOptions options, string listenerName)
    {
        string? Get(string config) => ListenerSecurity.Get(options, listenerName, config);
        var prefix = $"listener {listenerName}: ";
        try
        {
            var password = Get(SecurityConfigNames.KeyPassword);
            X509Certificate2Collection chain = [];
            X509Certificate2 leaf;
            if (Get(SecurityConfigNames.KeystoreLocation) is { } location)
            {
                chain.ImportFromPemFile(location);
                leaf = password is null ? X509Certificate2.CreateFromPemFile(location, location) : X509Certificate2.CreateFromEncryptedPemFile(location, password, location);
            }
            else if (Get(SecurityConfigNames.KeystoreCertificateChain) is { } chainPem && Get(SecurityConfigNames.KeystoreKey) is { } keyPem)
            {
                chain.ImportFromPem(chainPem);
                leaf = password is null ? X509Certificate2.CreateFromPem(chainPem, keyPem) : X509Certificate2.CreateFromEncryptedPem(chainPem, keyPem, password);
            }
            else
            {
                throw new ArgumentException($"{prefix}TLS needs {SecurityConfigNames.KeystoreLocation} (a PEM file with certificate and key), or {SecurityConfigNames.KeystoreCertificateChain} and {SecurityConfigNames.KeystoreKey}");
            }

            X509Certificate2Collection trusted = [];
            if (Get(SecurityConfigNames.TruststoreLocation) is { } trustFile)
            {
                trusted.ImportFromPemFile(trustFile);
            }
            else if (Get(SecurityConfigNames.TruststoreCertificates) is { } trustPem)
            {
                trusted.ImportFromPem(trustPem);
            }

            var clientAuth = Get(SecurityConfigNames.ClientAuth) ?? "none";
            if (clientAuth != "none" && trusted.Count == 0)
            {
                throw new ArgumentException($"{prefix}{SecurityConfigNames.ClientAuth}={clientAuth} needs {SecurityConfigNames.TruststoreLocation} or {SecurityConfigNames.TruststoreCertificates} (the CA that signs client certificates)");
            }

            var intermediates = new X509Certificate2Collection();
            intermediates.AddRange(chain.Where(c => c.Thumbprint != leaf.Thumbprint).ToArray());
            var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            return new ListenerTls(context, trusted, clientAuth, Protocols(Get(SecurityConfigNames.EnabledProtocols), prefix));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{prefix}cannot load the TLS key and certificate: {ex.Message}", ex);
        }
    }

    /// <summary>Kafka's principal for a verified client certificate: <c>User:</c> and the subject in RFC 2253 form.</summary>
    public static string? PrincipalOf(X509Certificate? certificate) =>
        certificate is null ? null : "User:" + DistinguishedNames.Rfc2253(AsCertificate2(certificate).SubjectName);

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? _, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            // "requested" lets a client without a certificate in; it is then User:ANONYMOUS.
            return _clientAuth != "required";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(AsCertificate2(certificate));
    }

    private static X509Certificate2 AsCertificate2(X509Certificate certificate) =>
        certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());

    private static SslProtocols Protocols(string? value, string prefix)
    {
        if (value is null)
        {
            return SslProtocols.Tls12 | SslProtocols.Tls13;
        }

        var protocols = SslProtocols.None;
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            protocols |= name switch
            {
                "TLSv1.2" => SslProtocols.Tls12,
                "TLSv1.3" => SslProtocols.Tls13,
                _ => throw new ArgumentException($"{prefix}{SecurityConfigNames.EnabledProtocols}: '{name}' is not TLSv1.2 or TLSv1.3"),
            };
        }

        return protocols;
    }
}
