using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Stormline.Clients;

namespace Stormline.Cli.Schemas;

/// <summary>
/// How the schema commands reach a secured registry with the settings Confluent's clients take
/// (<see cref="ClientProperties.RegistryConfig"/>): HTTP basic authentication from <c>basic.auth.user.info</c> (or the
/// Kafka SASL user with <c>basic.auth.credentials.source=SASL_INHERIT</c>), and a CA file from <c>ssl.ca.location</c>
/// that the registry's certificate must chain to.
/// </summary>
public static class RegistryAccess
{
    private const string Prefix = "schema.registry.";

    /// <summary>An HTTP client for <paramref name="url"/>; <paramref name="problem"/> says why there is none (a setting that cannot be used).</summary>
    public static HttpClient? Create(string url, TimeSpan timeout, ClientProperties? clients, out string? problem)
    {
        problem = null;
        var config = clients?.RegistryConfig(url) ?? new Dictionary<string, string>();
        var handler = new SocketsHttpHandler();
        if (config.GetValueOrDefault(Prefix + "ssl.ca.location") is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(caFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                problem = $"cannot read the registry's CA file {caFile}: {ex.Message}; pass a PEM certificate";
            }

            if (problem is null && roots.Count == 0)
            {
                problem = $"the registry's CA file {caFile} holds no PEM certificate";
            }

            if (problem is not null)
            {
                handler.Dispose();
                return null;
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ChainsTo(roots, certificate, errors);
        }

        var http = new HttpClient(handler) { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = timeout };
        var source = config.GetValueOrDefault(Prefix + "basic.auth.credentials.source", "USER_INFO");
        if (source is not ("USER_INFO" or "SASL_INHERIT"))
        {
            problem = $"basic.auth.credentials.source {source} is not supported here; use USER_INFO (with basic.auth.user.info) or SASL_INHERIT";
            http.Dispose();
            return null;
        }

        var userInfo = source == "USER_INFO"
            ? config.GetValueOrDefault(Prefix + "basic.auth.user.info")
            : $"{clients?.Values.GetValueOrDefault("sasl.username")}:{clients?.Values.GetValueOrDefault("sasl.password")}";
        if (userInfo is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        }

        return http;
    }

    /// <summary>The certificate is for this host (the platform checked the name) and chains to one of the given roots, not the system's.</summary>
    private static bool ChainsTo(X509Certificate2Collection roots, System.Security.Cryptography.X509Certificates.X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
