using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Security;

/// <summary>
/// The SASL state machine under random and mutated frames, over real sockets to a SASL_PLAINTEXT listener: each
/// connection may first log in (PLAIN) or start an exchange, then sends mutated SaslHandshake, SaslAuthenticate,
/// ApiVersions and Metadata frames. Every frame must be answered or the connection closed, no handler may fail, and
/// afterwards PLAIN and SCRAM clients still log in and work.
/// Reproduce a failure with STORMLINE_FUZZ_SEED=&lt;seed printed in the message&gt;.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SaslFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20_261_207;
    private const int Connections = 1_500;

    private static readonly (short Key, short Version)[] Advertised =
    [
        .. Enumerable.Range(0, 2).Select(v => ((short)ApiKey.SaslHandshake, (short)v)),
        .. Enumerable.Range(0, 3).Select(v => ((short)ApiKey.SaslAuthenticate, (short)v)),
        .. Enumerable.Range(0, 4).Select(v => ((short)ApiKey.ApiVersions, (short)v)),
        ((short)ApiKey.Metadata, (short)1),
    ];

    [Fact]
    public async Task Mutated_SASL_frames_close_only_their_own_connection_and_logins_keep_working()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STORMLINE_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        output.WriteLine($"SASL fuzz seed {seed} (STORMLINE_FUZZ_SEED)");
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var broker = await KafkaBroker.StartAsync(SaslClients.Options(), loggerFactory);
        var port = broker.Listeners.Single(l => l.Name == "SASL_PLAINTEXT").Port;

        var random = new Random(seed);
        var mutator = new FrameMutator(random, Advertised);
        var violations = new List<string>();
        var (answered, closed) = (0, 0);
        for (var c = 0; c < Connections; c++)
        {
            using var connection = await RawConnection.ConnectAsync(port);
            var opening = random.Next(3) switch
            {
                0 => [],
                1 => new[] { Handshake("PLAIN"), Authenticate("\0alice\0alice-secret"u8.ToArray()) },
                _ => [Handshake(random.Next(2) == 0 ? "SCRAM-SHA-256" : "SCRAM-SHA-512")],
            };
            foreach (var frame in opening)
            {
                await connection.SendAsync(frame);
                await connection.ReceiveAsync(TimeSpan.FromSeconds(2));
            }

            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var (payload, strategy, key, version) = mutator.Next();
                if (!await connection.SendAsync(RequestFrames.WithSize(payload)))
                {
                    closed++;
                    break;
                }

                try
                {
                    // A bare token after a v0 handshake may be answered with an empty frame.
                    if (await connection.ReceiveAsync(TimeSpan.FromSeconds(2), minimumSize: 0) is null)
                    {
                        closed++;
                        break;
                    }

                    answered++;
                }
                catch (TimeoutException)
                {
                    // Every frame is whole (its size prefix is its length): it must be answered or end the connection.
                    violations.Add($"no answer within 2 s to {strategy} of {(ApiKey)key} v{version}: {Convert.ToHexString(payload)}");
                    break;
                }
            }
        }

        output.WriteLine($"{Connections} connections: {answered} frames answered, {closed} connections closed by the broker");
        var context = $"(seed {seed}; rerun with STORMLINE_FUZZ_SEED={seed})";
        Assert.True(violations.Count == 0, $"{context}\n{string.Join("\n", violations.Take(10))}");
        Assert.True(broker.Dispatcher.UnexpectedErrors == 0, $"{broker.Dispatcher.UnexpectedErrors} handler failures {context}:\n{string.Join("\n---\n", logs.Errors.Take(5))}");
        Assert.True(logs.Errors.Count == 0, $"the broker logged errors {context}:\n{string.Join("\n---\n", logs.Errors.Take(5))}");
        Assert.True(closed > 0 && answered > 0, "the fuzz neither closed nor answered anything: it did not reach the SASL handlers");

        var sasl = broker.BootstrapServersOf("SASL_PLAINTEXT");
        Assert.Equal(3, (await SecureRoundTrip.RunAsync(sasl, SaslClients.Settings("PLAIN", "alice", SaslClients.AlicePassword))).Count);
        using (var admin = SaslClients.Admin(broker.BootstrapServers, new Dictionary<string, string>()))
        {
            await SaslClients.UpsertScramAsync(admin, "after-fuzz", "still-works", Confluent.Kafka.Admin.ScramMechanism.ScramSha256);
        }

        Assert.Equal(3, (await SecureRoundTrip.RunAsync(sasl, SaslClients.Settings("SCRAM-SHA-256", "after-fuzz", "still-works"))).Count);
    }

    private static byte[] Handshake(string mechanism) =>
        RequestFrames.Build((short)ApiKey.SaslHandshake, 1, 1, flexible: false, w => w.WriteString(mechanism));

    private static byte[] Authenticate(byte[] token) =>
        RequestFrames.Build((short)ApiKey.SaslAuthenticate, 1, 2, flexible: false, w => w.WriteBytes(token));
}
