using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Limits;

/// <summary>
/// Kafka's connection caps over real sockets: max.connections.per.ip (and its overrides) closes a connection right
/// after accept, max.connections makes new clients wait for a free slot; both change at runtime through the
/// AdminClient, as Kafka's dynamic cluster-wide broker configs.
/// </summary>
public sealed class ConnectionQuotaTests
{
    private const string PerIp = "max.connections.per.ip";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly ConfigResource ThisBroker = new() { Type = ResourceType.Broker, Name = "1" };

    [Fact]
    public async Task A_connection_over_max_connections_per_ip_is_closed_right_after_accept_and_counted_while_the_others_are_served()
    {
        using var refused = new RefusedConnections();
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, MaxConnectionsPerIp = 2 });
        using var first = await RawConnection.ConnectAsync(broker.Port);
        using var second = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(first, 1);
        await FramingTests.AssertAnsweredAsync(second, 2);

        using (var third = await RawConnection.ConnectAsync(broker.Port))
        {
            Assert.True(await third.WaitForCloseAsync(Patience), "a third connection from 127.0.0.1 stayed open with max.connections.per.ip=2");
        }

        Assert.True(refused.Count(PerIp) >= 1, "the refusal was not counted in stormline.broker.connections.refused");
        await FramingTests.AssertAnsweredAsync(first, 3);

        // A closed connection frees its slot.
        first.Dispose();
        await Eventually.Until(() => broker.ConnectionCount == 1, Patience, () => "the closed connection is still counted");
        using var replacement = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(replacement, 4);
        await FramingTests.AssertAnsweredAsync(second, 5);
    }

    [Fact]
    public async Task An_override_gives_an_address_its_own_cap_and_a_zero_default_needs_overrides()
    {
        Assert.Contains("max.connections.per.ip.overrides", Assert.Throws<ArgumentException>(() => new BrokerOptions { Port = 0, MaxConnectionsPerIp = 0 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("not host:count", Assert.Throws<ArgumentException>(() => new BrokerOptions().Set("max.connections.per.ip.overrides", "127.0.0.1")).Message, StringComparison.Ordinal);

        var options = new BrokerOptions { Port = 0 };
        options.Set(PerIp, "0");
        options.Set("max.connections.per.ip.overrides", "localhost:1");
        await using var broker = await KafkaBroker.StartAsync(options);
        using var allowed = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(allowed, 1);
        using var over = await RawConnection.ConnectAsync(broker.Port);
        Assert.True(await over.WaitForCloseAsync(Patience), "a second connection from localhost stayed open with its override of 1");
        await FramingTests.AssertAnsweredAsync(allowed, 2);
    }

    [Fact]
    public async Task At_max_connections_a_new_client_waits_and_is_served_once_another_closes()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, MaxConnections = 2 });
        using var first = await RawConnection.ConnectAsync(broker.Port);
        using var second = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(first, 1);
        await FramingTests.AssertAnsweredAsync(second, 2);

        // The kernel completes the handshake in the listen backlog; the broker does not take the connection yet.
        using var waiting = await RawConnection.ConnectAsync(broker.Port);
        await waiting.SendAsync(RequestFrames.ApiVersions(3, 3));
        await Assert.ThrowsAsync<TimeoutException>(() => waiting.ReceiveAsync(TimeSpan.FromMilliseconds(700)));
        Assert.Equal(2, broker.ConnectionCount);

        first.Dispose();
        var response = await waiting.ReceiveAsync(Patience);
        Assert.NotNull(response);
        Assert.Equal(3, RequestFrames.CorrelationId(response));
        await FramingTests.AssertAnsweredAsync(second, 4);
    }

    [Fact]
    public async Task The_caps_change_at_runtime_through_IncrementalAlterConfigs_and_bad_values_are_refused()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        using var before = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(before, 1);

        // The admin client and `before` already hold connections from 127.0.0.1: with a cap of 1 a new one is refused,
        // the open ones stay (as in Kafka, a lower cap applies to new connections).
        await admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set(PerIp, "1")] });
        var described = Assert.Single(await admin.DescribeConfigsAsync([ThisBroker])).Entries[PerIp];
        Assert.Equal(("1", ConfigSource.DynamicBrokerConfig, false), (described.Value, described.Source, described.IsReadOnly));
        using (var over = await RawConnection.ConnectAsync(broker.Port))
        {
            Assert.True(await over.WaitForCloseAsync(Patience), "a new connection stayed open after max.connections.per.ip was lowered to 1");
        }

        await FramingTests.AssertAnsweredAsync(before, 2);

        var zero = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set(PerIp, "0")] }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(zero.Results).Error.Code);
        var negative = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set("max.connections", "-3")] }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(negative.Results).Error.Code);
        var garbled = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set("max.connections.per.ip.overrides", "127.0.0.1=5")] }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(garbled.Results).Error.Code);
        Assert.Equal(1, broker.Context.Options.MaxConnectionsPerIp);

        await admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [new ConfigEntry { Name = PerIp, IncrementalOperation = AlterConfigOpType.Delete }] });
        using var after = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(after, 3);
    }

    private static ConfigEntry Set(string name, string value) => new() { Name = name, Value = value, IncrementalOperation = AlterConfigOpType.Set };
}
