using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Security;

public sealed class SaslTests
{
    [Fact]
    public async Task PLAIN_users_from_the_listener_JAAS_config_produce_and_consume_beside_a_PLAINTEXT_listener()
    {
        await using var broker = await KafkaBroker.StartAsync(SaslClients.Options());
        var sasl = broker.BootstrapServersOf("SASL_PLAINTEXT");
        var alice = SaslClients.Settings("PLAIN", "alice", SaslClients.AlicePassword);

        Assert.Equal(["secret-0", "secret-1", "secret-2"], await SecureRoundTrip.RunAsync(sasl, alice));
        Assert.Equal(["secret-0", "secret-1", "secret-2"], await SecureRoundTrip.RunAsync(broker.BootstrapServers, new Dictionary<string, string>()));

        using var admin = SaslClients.Admin(sasl, alice);
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.Equal(broker.Listeners.Single(l => l.Name == "SASL_PLAINTEXT").Port, Assert.Single(metadata.Brokers).Port);
        await Eventually.Until(
            () => broker.Sessions.Any(s => s.Listener.Name == "SASL_PLAINTEXT" && s.Principal == "User:alice"),
            TimeSpan.FromSeconds(10),
            () => "principals: " + string.Join(", ", broker.Sessions.Select(s => $"{s.Listener.Name} {s.Principal}")));
        Assert.DoesNotContain(broker.Sessions, s => s.Listener.Name == "SASL_PLAINTEXT" && s.Principal == ClientSession.AnonymousPrincipal && s.Sasl!.HasAuthenticated);
    }

    [Theory]
    [InlineData("PLAIN", "alice", "wrong")]
    [InlineData("PLAIN", "mallory", "alice-secret")]
    [InlineData("SCRAM-SHA-256", "nobody", "whatever")]
    public async Task A_wrong_password_or_unknown_user_is_reported_to_the_client_as_an_authentication_error(string mechanism, string user, string password)
    {
        await using var broker = await KafkaBroker.StartAsync(SaslClients.Options());
        var error = SaslClients.AuthenticationError(broker.BootstrapServersOf("SASL_PLAINTEXT"), SaslClients.Settings(mechanism, user, password));
        Assert.NotNull(error);
        Assert.Equal(ErrorCode.Local_Authentication, error.Code);
        Assert.Contains("Authentication failed", error.Reason);
    }

    [Fact]
    public async Task SCRAM_users_created_with_the_AdminClient_log_in_with_SHA_256_and_SHA_512_and_survive_a_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-scram-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var broker = await KafkaBroker.StartAsync(SaslClients.Options(dataDirectory)))
            {
                var sasl = broker.BootstrapServersOf("SASL_PLAINTEXT");
                using (var admin = SaslClients.Admin(sasl, SaslClients.Settings("PLAIN", "admin", SaslClients.AdminPassword)))
                {
                    await SaslClients.UpsertScramAsync(admin, "bob", "bob-256", ScramMechanism.ScramSha256);
                    await SaslClients.UpsertScramAsync(admin, "carol", "carol-512", ScramMechanism.ScramSha512, iterations: 8192);
                    var described = await admin.DescribeUserScramCredentialsAsync([]);
                    var infos = described.UserScramCredentialsDescriptions.ToDictionary(d => d.User, d => d.ScramCredentialInfos.Single());
                    Assert.Equal((ScramMechanism.ScramSha256, 4096), (infos["bob"].Mechanism, infos["bob"].Iterations));
                    Assert.Equal((ScramMechanism.ScramSha512, 8192), (infos["carol"].Mechanism, infos["carol"].Iterations));
                }

                Assert.Equal(3, (await SecureRoundTrip.RunAsync(sasl, SaslClients.Settings("SCRAM-SHA-256", "bob", "bob-256"))).Count);
                Assert.Equal(3, (await SecureRoundTrip.RunAsync(sasl, SaslClients.Settings("SCRAM-SHA-512", "carol", "carol-512"))).Count);
            }

            await using (var restarted = await KafkaBroker.StartAsync(SaslClients.Options(dataDirectory)))
            {
                var sasl = restarted.BootstrapServersOf("SASL_PLAINTEXT");
                Assert.Equal(3, (await SecureRoundTrip.RunAsync(sasl, SaslClients.Settings("SCRAM-SHA-256", "bob", "bob-256"))).Count);
                Assert.Equal(3, (await SecureRoundTrip.RunAsync(sasl, SaslClients.Settings("SCRAM-SHA-512", "carol", "carol-512"))).Count);

                // A credential is per mechanism, and the password is checked.
                Assert.Equal(ErrorCode.Local_Authentication, SaslClients.AuthenticationError(sasl, SaslClients.Settings("SCRAM-SHA-512", "bob", "bob-256"))?.Code);
                Assert.Equal(ErrorCode.Local_Authentication, SaslClients.AuthenticationError(sasl, SaslClients.Settings("SCRAM-SHA-256", "bob", "wrong"))?.Code);

                // Deleting the credential ends bob's logins.
                using var admin = SaslClients.Admin(restarted.BootstrapServers, new Dictionary<string, string>());
                await admin.AlterUserScramCredentialsAsync([new UserScramCredentialDeletion { User = "bob", Mechanism = ScramMechanism.ScramSha256 }]);
                Assert.Equal(ErrorCode.Local_Authentication, SaslClients.AuthenticationError(sasl, SaslClients.Settings("SCRAM-SHA-256", "bob", "bob-256"))?.Code);
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Credential_changes_Kafka_refuses_are_refused_per_user_with_Kafkas_errors()
    {
        await using var broker = await KafkaBroker.StartAsync(SaslClients.Options());
        using var admin = SaslClients.Admin(broker.BootstrapServers, new Dictionary<string, string>());
        var error = await Assert.ThrowsAsync<AlterUserScramCredentialsException>(() => admin.AlterUserScramCredentialsAsync(
        [
            new UserScramCredentialUpsertion { User = "few", ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ScramMechanism.ScramSha256, Iterations = 1000 }, Password = "pw"u8.ToArray() },
            new UserScramCredentialUpsertion { User = "many", ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ScramMechanism.ScramSha512, Iterations = 20_000 }, Password = "pw"u8.ToArray() },
            new UserScramCredentialDeletion { User = "ghost", Mechanism = ScramMechanism.ScramSha256 },
            new UserScramCredentialUpsertion { User = "fine", ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ScramMechanism.ScramSha256, Iterations = 4096 }, Password = "pw"u8.ToArray() },
        ]));
        var results = error.Results.ToDictionary(r => r.User, r => r.Error.Code);
        Assert.Equal(ErrorCode.UnacceptableCredential, results["few"]);
        Assert.Equal(ErrorCode.UnacceptableCredential, results["many"]);
        Assert.Equal(ErrorCode.ResourceNotFound, results["ghost"]);
        Assert.Equal(ErrorCode.NoError, results["fine"]);

        var described = await Assert.ThrowsAsync<DescribeUserScramCredentialsException>(() => admin.DescribeUserScramCredentialsAsync(["fine", "few"]));
        var byUser = described.Results.UserScramCredentialsDescriptions.ToDictionary(d => d.User);
        Assert.Equal(ErrorCode.NoError, byUser["fine"].Error.Code);
        Assert.Equal(ErrorCode.ResourceNotFound, byUser["few"].Error.Code);
    }

    [Fact]
    public async Task SASL_SSL_with_SCRAM_SHA_512_runs_over_TLS_verified_against_the_generated_CA()
    {
        using var certificates = new TestCertificates();
        var options = SaslClients.Options(saslListener: "SASL_SSL");
        options.Set("listener.name.sasl_ssl.ssl.keystore.type", "PEM");
        options.Set("listener.name.sasl_ssl.ssl.keystore.location", certificates.ServerKeystorePath);
        await using var broker = await KafkaBroker.StartAsync(options);
        using (var admin = SaslClients.Admin(broker.BootstrapServers, new Dictionary<string, string>()))
        {
            await SaslClients.UpsertScramAsync(admin, "dave", "dave-512", ScramMechanism.ScramSha512);
        }

        var dave = SaslClients.Settings("SCRAM-SHA-512", "dave", "dave-512", "SASL_SSL");
        dave["ssl.ca.location"] = certificates.CaPath;
        Assert.Equal(["secret-0", "secret-1", "secret-2"], await SecureRoundTrip.RunAsync(broker.BootstrapServersOf("SASL_SSL"), dave));

        dave["sasl.password"] = "wrong";
        Assert.Equal(ErrorCode.Local_Authentication, SaslClients.AuthenticationError(broker.BootstrapServersOf("SASL_SSL"), dave)?.Code);
    }

    [Fact]
    public async Task A_client_re_authenticates_before_its_session_lifetime_ends_and_keeps_working()
    {
        var options = SaslClients.Options();
        options.Set("connections.max.reauth.ms", "2000");
        await using var broker = await KafkaBroker.StartAsync(options);
        var settings = SaslClients.Settings("PLAIN", "alice", SaslClients.AlicePassword);
        var config = KafkaClients.ProducerConfig(broker.BootstrapServersOf("SASL_PLAINTEXT")).With(settings);

        using var producer = new ProducerBuilder<string, string>(config).Build();
        for (var i = 0; i < 6; i++)
        {
            // Past the 2 s lifetime librdkafka must have re-authenticated (at 90 %), or the broker would close the connection.
            var result = await producer.ProduceAsync("reauth", new Message<string, string> { Key = "k", Value = $"v{i}" });
            Assert.Equal(PersistenceStatus.Persisted, result.Status);
            await Task.Delay(1000);
        }

        // Re-authentication happens on the open connection: one session authenticated several times over.
        Assert.Contains(broker.Sessions, s => s.Principal == "User:alice" && s.Sasl!.Authentications >= 2);
    }

    [Fact]
    public async Task A_damaged_credentials_file_stops_the_start_instead_of_forgetting_the_users()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-scram-damaged-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dataDirectory, "meta"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "meta", "scram-credentials.json"), "{\"bob\": {\"SCRAM-SHA-256\": ");
            var error = await Assert.ThrowsAsync<IOException>(() => KafkaBroker.StartAsync(SaslClients.Options(dataDirectory)));
            Assert.Contains("scram-credentials.json is damaged", error.Message);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, "sasl.enabled.mechanisms")]
    [InlineData("sasl.enabled.mechanisms=GSSAPI", "mechanism 'GSSAPI' is not supported")]
    [InlineData("sasl.enabled.mechanisms=PLAIN", "listener.name.sasl_plaintext.plain.sasl.jaas.config")]
    [InlineData("listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\";", "has no user_<name>")]
    [InlineData("listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_a=\"x", "not closed")]
    public void A_SASL_listener_without_a_usable_mechanism_is_refused_with_the_config_to_fix(string? config, string message)
    {
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var options = new BrokerOptions();
            options.Set("listeners", "SASL_PLAINTEXT://127.0.0.1:0");
            if (config is not null)
            {
                var eq = config.IndexOf('=');
                if (!config.StartsWith("sasl.enabled", StringComparison.Ordinal))
                {
                    options.Set("sasl.enabled.mechanisms", "PLAIN");
                }

                options.Set(config[..eq], config[(eq + 1)..]);
            }

            options.Validate();
        });
        Assert.Contains(message, error.Message);
    }
}
