using System.Text;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Security;

/// <summary>
/// SASL frames no well-behaved client sends, over a raw socket to a SASL_PLAINTEXT listener: each gets Kafka's error
/// (or, where Kafka sends none, no answer) and a closed connection, while the broker goes on serving everyone else.
/// </summary>
public sealed class SaslFrameTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private KafkaBroker _broker = null!;

    private int SaslPort => _broker.Listeners.Single(l => l.Name == "SASL_PLAINTEXT").Port;

    public async ValueTask InitializeAsync()
    {
        var options = SaslClients.Options();
        options.Set("connections.max.reauth.ms", "1500");
        _broker = await KafkaBroker.StartAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Equal(0, _broker.Dispatcher.UnexpectedErrors);
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_request_before_authentication_closes_the_connection_and_others_are_served()
    {
        using var bystander = await RawConnection.ConnectAsync(SaslPort);
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.Metadata, 1, 3, flexible: false, w => w.WriteArrayLength(-1)));
        Assert.Null(await connection.ReceiveAsync(Patience));

        await FramingTests.AssertAnsweredAsync(bystander, 4);
        await AuthenticatePlainAsync(bystander, 5);
        Assert.NotNull(await MetadataAsync(bystander, 6));
    }

    [Fact]
    public async Task SaslAuthenticate_without_a_handshake_answers_ILLEGAL_SASL_STATE_and_closes()
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        var reader = await AuthenticateAsync(connection, 1, "\0alice\0alice-secret"u8.ToArray());
        Assert.Equal(ErrorCode.IllegalSaslState, (ErrorCode)reader.ReadInt16());
        Assert.Contains("SaslHandshake", reader.ReadString());
        Assert.True(await connection.WaitForCloseAsync(Patience));
    }

    [Fact]
    public async Task An_unknown_mechanism_answers_UNSUPPORTED_SASL_MECHANISM_with_the_enabled_ones_and_closes()
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        var reader = await HandshakeAsync(connection, 1, "GSSAPI");
        Assert.Equal(ErrorCode.UnsupportedSaslMechanism, (ErrorCode)reader.ReadInt16());
        Assert.Equal(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"], reader.ReadArray(r => r.ReadString()));
        Assert.True(await connection.WaitForCloseAsync(Patience));
    }

    [Fact]
    public async Task A_second_handshake_in_the_middle_of_an_exchange_answers_ILLEGAL_SASL_STATE_and_closes()
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, 1, "SCRAM-SHA-256")).ReadInt16());
        Assert.Equal(ErrorCode.IllegalSaslState, (ErrorCode)(await HandshakeAsync(connection, 2, "PLAIN")).ReadInt16());
        Assert.True(await connection.WaitForCloseAsync(Patience));
    }

    [Theory]
    [InlineData("PLAIN", "alice-without-separators")]
    [InlineData("PLAIN", "\0\0")]
    [InlineData("PLAIN", "bob\0alice\0alice-secret")]
    [InlineData("PLAIN", "\0alice\0alice-secret\0extra")]
    [InlineData("SCRAM-SHA-256", "not a scram message")]
    [InlineData("SCRAM-SHA-256", "p=tls-unique,,n=alice,r=abc")]
    [InlineData("SCRAM-SHA-512", "n,,n=al=ice,r=abc")]
    [InlineData("SCRAM-SHA-512", "n,,n=alice,r=abc,tokenauth=true")]
    [InlineData("SCRAM-SHA-512", "n,,r=abc")]
    public async Task A_malformed_token_answers_SASL_AUTHENTICATION_FAILED_and_closes(string mechanism, string token)
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, 1, mechanism)).ReadInt16());
        var reader = await AuthenticateAsync(connection, 2, Encoding.UTF8.GetBytes(token));
        Assert.Equal(ErrorCode.SaslAuthenticationFailed, (ErrorCode)reader.ReadInt16());
        Assert.StartsWith("Authentication failed", reader.ReadString());
        Assert.True(await connection.WaitForCloseAsync(Patience));
    }

    [Fact]
    public async Task Invalid_UTF8_and_a_truncated_SaslAuthenticate_close_the_connection()
    {
        using (var connection = await RawConnection.ConnectAsync(SaslPort))
        {
            Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, 1, "SCRAM-SHA-256")).ReadInt16());
            Assert.Equal(ErrorCode.SaslAuthenticationFailed, (ErrorCode)(await AuthenticateAsync(connection, 2, [0xff, 0xfe, 0x00])).ReadInt16());
            Assert.True(await connection.WaitForCloseAsync(Patience));
        }

        using (var connection = await RawConnection.ConnectAsync(SaslPort))
        {
            Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, 1, "PLAIN")).ReadInt16());
            // auth_bytes announces 1000 bytes and carries 3.
            await connection.SendAsync(RequestFrames.Build((short)ApiKey.SaslAuthenticate, 1, 2, flexible: false, w =>
            {
                w.WriteInt32(1000);
                w.WriteRaw("abc"u8);
            }));
            Assert.Null(await connection.ReceiveAsync(Patience));
        }
    }

    [Fact]
    public async Task Handshake_v0_takes_bare_tokens_and_then_serves_requests()
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, 1, "PLAIN", version: 0)).ReadInt16());
        await connection.SendAsync(RequestFrames.WithSize("\0alice\0alice-secret"u8));
        Assert.Empty(Assert.IsType<byte[]>(await connection.ReceiveAsync(Patience, minimumSize: 0)));
        Assert.NotNull(await MetadataAsync(connection, 2));
        Assert.Contains(_broker.Sessions, s => s.Principal == "User:alice");
    }

    [Fact]
    public async Task Handshake_v0_with_a_wrong_password_closes_without_an_answer()
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, 1, "PLAIN", version: 0)).ReadInt16());
        await connection.SendAsync(RequestFrames.WithSize("\0alice\0wrong"u8));
        Assert.Null(await connection.ReceiveAsync(Patience));
    }

    [Fact]
    public async Task A_session_that_outlives_connections_max_reauth_ms_without_re_authenticating_is_closed()
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        var lifetime = await AuthenticatePlainAsync(connection, 1);
        Assert.Equal(1500, lifetime);
        Assert.NotNull(await MetadataAsync(connection, 2));

        await Task.Delay(2000);
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.Metadata, 1, 3, flexible: false, w => w.WriteArrayLength(-1)));
        Assert.Null(await connection.ReceiveAsync(Patience));
    }

    [Fact]
    public async Task Re_authentication_keeps_the_principal_and_a_different_user_is_refused()
    {
        using var connection = await RawConnection.ConnectAsync(SaslPort);
        await AuthenticatePlainAsync(connection, 1);
        Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, 3, "PLAIN")).ReadInt16());
        var reader = await AuthenticateAsync(connection, 4, "\0admin\0admin-secret"u8.ToArray());
        Assert.Equal(ErrorCode.SaslAuthenticationFailed, (ErrorCode)reader.ReadInt16());
        Assert.Contains("Cannot change principals", reader.ReadString());
        Assert.True(await connection.WaitForCloseAsync(Patience));
    }

    [Fact]
    public async Task SASL_requests_on_a_PLAINTEXT_listener_answer_ILLEGAL_SASL_STATE()
    {
        using var connection = await RawConnection.ConnectAsync(_broker.Port);
        Assert.Equal(ErrorCode.IllegalSaslState, (ErrorCode)(await HandshakeAsync(connection, 1, "PLAIN")).ReadInt16());
        Assert.Equal(ErrorCode.IllegalSaslState, (ErrorCode)(await AuthenticateAsync(connection, 2, "\0alice\0alice-secret"u8.ToArray())).ReadInt16());
        await FramingTests.AssertAnsweredAsync(connection, 3);
    }

    /// <returns>The session lifetime the broker announced.</returns>
    private static async Task<long> AuthenticatePlainAsync(RawConnection connection, int correlationId)
    {
        Assert.Equal(ErrorCode.None, (ErrorCode)(await HandshakeAsync(connection, correlationId, "PLAIN")).ReadInt16());
        var reader = await AuthenticateAsync(connection, correlationId + 1, "\0alice\0alice-secret"u8.ToArray());
        Assert.Equal(ErrorCode.None, (ErrorCode)reader.ReadInt16());
        Assert.Null(reader.ReadNullableString());
        Assert.Equal(0, reader.ReadBytes().Length);
        return reader.ReadInt64();
    }

    private static async Task<KafkaReader> HandshakeAsync(RawConnection connection, int correlationId, string mechanism, short version = 1)
    {
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.SaslHandshake, version, correlationId, flexible: false, w => w.WriteString(mechanism)));
        return Answer(await connection.ReceiveAsync(Patience), correlationId);
    }

    private static async Task<KafkaReader> AuthenticateAsync(RawConnection connection, int correlationId, byte[] token)
    {
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.SaslAuthenticate, 1, correlationId, flexible: false, w => w.WriteBytes(token)));
        return Answer(await connection.ReceiveAsync(Patience), correlationId);
    }

    private static async Task<byte[]?> MetadataAsync(RawConnection connection, int correlationId)
    {
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.Metadata, 1, correlationId, flexible: false, w => w.WriteArrayLength(-1)));
        return await connection.ReceiveAsync(Patience);
    }

    private static KafkaReader Answer(byte[]? response, int correlationId)
    {
        Assert.NotNull(response);
        var reader = new KafkaReader(response);
        Assert.Equal(correlationId, reader.ReadInt32());
        return reader;
    }
}
