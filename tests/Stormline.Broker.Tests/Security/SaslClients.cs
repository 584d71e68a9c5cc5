using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Security;

/// <summary>A broker with a PLAINTEXT and a SASL listener side by side, and the librdkafka settings of its users.</summary>
internal static class SaslClients
{
    public const string AlicePassword = "alice-secret";
    public const string AdminPassword = "admin-secret";

    /// <summary>PLAINTEXT and <paramref name="saslListener"/> (SASL_PLAINTEXT or SASL_SSL), PLAIN users alice and admin, SCRAM enabled.</summary>
    public static BrokerOptions Options(string? dataDirectory = null, string saslListener = "SASL_PLAINTEXT")
    {
        var options = new BrokerOptions { DataDirectory = dataDirectory };
        options.Set("listeners", $"PLAINTEXT://127.0.0.1:0,{saslListener}://127.0.0.1:0");
        options.Set("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        options.Set(
            $"listener.name.{saslListener.ToLowerInvariant()}.plain.sasl.jaas.config",
            $"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"{AdminPassword}\" user_admin=\"{AdminPassword}\" user_alice=\"{AlicePassword}\";");
        return options;
    }

    public static Dictionary<string, string> Settings(string mechanism, string user, string password, string protocol = "SASL_PLAINTEXT") => new()
    {
        ["security.protocol"] = protocol,
        ["sasl.mechanism"] = mechanism,
        ["sasl.username"] = user,
        ["sasl.password"] = password,
    };

    public static IAdminClient Admin(string bootstrap, IReadOnlyDictionary<string, string> settings)
    {
        return new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }.With(settings)).Build();
    }

    /// <summary>Creates or replaces <paramref name="user"/>'s SCRAM credential through Confluent's AdminClient (librdkafka salts and hashes it).</summary>
    public static async Task UpsertScramAsync(IAdminClient admin, string user, string password, ScramMechanism mechanism, int iterations = 4096)
    {
        await admin.AlterUserScramCredentialsAsync(
        [
            new UserScramCredentialUpsertion
            {
                User = user,
                ScramCredentialInfo = new ScramCredentialInfo { Mechanism = mechanism, Iterations = iterations },
                Password = Encoding.UTF8.GetBytes(password),
            },
        ]);
    }

    /// <summary>The error a client with these settings reports when the broker refuses its login, or null if it got metadata.</summary>
    public static Error? AuthenticationError(string bootstrap, IReadOnlyDictionary<string, string> settings)
    {
        var errors = new ConcurrentQueue<Error>();
        var config = new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 5_000 }.With(settings);
        using var admin = new AdminClientBuilder(config).SetErrorHandler((_, e) => errors.Enqueue(e)).Build();
        try
        {
            admin.GetMetadata(TimeSpan.FromSeconds(5));
            return null;
        }
        catch (KafkaException ex)
        {
            return errors.FirstOrDefault(e => e.Code == ErrorCode.Local_Authentication) ?? ex.Error;
        }
    }
}
