using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Wire = Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Infrastructure;

using static Stormline.Broker.Tests.Security.SecuredBroker;

namespace Stormline.Broker.Tests.Security;

/// <summary>CreateAcls, DescribeAcls and DeleteAcls through Confluent.Kafka's AdminClient over a real socket.</summary>
public sealed class AclApiTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Created_acls_are_described_by_filter_and_deleted_by_filter()
    {
        await using var broker = await SecuredBroker.StartAsync();
        using var admin = SecuredBroker.Admin(broker, "admin");
        AclBinding[] acls =
        [
            Acl(ResourceType.Topic, "orders", ResourcePatternType.Literal, "User:alice", AclOperation.Read),
            Acl(ResourceType.Topic, "orders-", ResourcePatternType.Prefixed, "User:alice", AclOperation.Write),
            Acl(ResourceType.Topic, "*", ResourcePatternType.Literal, "User:bob", AclOperation.Describe),
            Acl(ResourceType.Group, "shop-", ResourcePatternType.Prefixed, "User:alice", AclOperation.Read),
            Acl(ResourceType.Broker, "kafka-cluster", ResourcePatternType.Literal, "User:alice", AclOperation.IdempotentWrite),
        ];
        await admin.CreateAclsAsync(acls, new CreateAclsOptions { RequestTimeout = Timeout });

        var all = await admin.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any));
        Assert.Equal(acls.Length, all.AclBindings.Count);
        Assert.All(acls, a => Assert.Contains(a, all.AclBindings));

        // MATCH: every ACL that applies to the topic orders-eu: the prefix and the wildcard, not the literal "orders".
        var matching = await admin.DescribeAclsAsync(Filter(ResourceType.Topic, "orders-eu", ResourcePatternType.Match));
        Assert.Equal(
            ["*", "orders-"],
            matching.AclBindings.Select(a => a.Pattern.Name).Order(StringComparer.Ordinal));

        var prefixed = await admin.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Prefixed));
        Assert.Equal(["orders-", "shop-"], prefixed.AclBindings.Select(a => a.Pattern.Name).Order(StringComparer.Ordinal));

        var bobs = await admin.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any, principal: "User:bob"));
        Assert.Equal(acls[2], Assert.Single(bobs.AclBindings));

        var deleted = await admin.DeleteAclsAsync([Filter(ResourceType.Topic, null, ResourcePatternType.Any, principal: "User:alice")]);
        Assert.Equal(
            ["orders", "orders-"],
            Assert.Single(deleted).AclBindings.Select(a => a.Pattern.Name).Order(StringComparer.Ordinal));

        var left = await admin.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any));
        Assert.Equal([acls[2], acls[3], acls[4]], left.AclBindings.OrderBy(a => a.Pattern.Type).ThenBy(a => a.Pattern.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_invalid_acl_is_refused_with_invalid_request_and_the_valid_ones_are_created()
    {
        await using var broker = await SecuredBroker.StartAsync();
        using var admin = SecuredBroker.Admin(broker, "admin");

        var ex = await Assert.ThrowsAsync<CreateAclsException>(() => admin.CreateAclsAsync(
        [
            Acl(ResourceType.Topic, "fine", ResourcePatternType.Literal, "User:alice", AclOperation.Read),
            Acl(ResourceType.Topic, "bad-principal", ResourcePatternType.Literal, "alice", AclOperation.Read),
            Acl(ResourceType.Broker, "not-the-cluster", ResourcePatternType.Literal, "User:alice", AclOperation.Alter),
        ]));

        Assert.Equal(
            [ErrorCode.NoError, ErrorCode.InvalidRequest, ErrorCode.InvalidRequest],
            ex.Results.Select(r => r.Error.Code));
        var stored = await admin.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any));
        Assert.Equal("fine", Assert.Single(stored.AclBindings).Pattern.Name);
    }

    [Fact]
    public async Task Only_a_principal_allowed_on_the_cluster_manages_acls()
    {
        await using var broker = await SecuredBroker.StartAsync();
        using (var admin = SecuredBroker.Admin(broker, "admin"))
        {
            await admin.CreateAclsAsync([Acl(ResourceType.Broker, "kafka-cluster", ResourcePatternType.Literal, "User:auditor", AclOperation.Describe)]);
        }

        using var auditor = SecuredBroker.Admin(broker, "auditor");
        Assert.Single((await auditor.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any))).AclBindings);
        var create = await Assert.ThrowsAsync<CreateAclsException>(() => auditor.CreateAclsAsync(
            [Acl(ResourceType.Topic, "t", ResourcePatternType.Literal, "User:auditor", AclOperation.All)]));
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, Assert.Single(create.Results).Error.Code);

        using var stranger = SecuredBroker.Admin(broker, "stranger");
        Assert.Empty((await stranger.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any))).AclBindings);
        Assert.Equal(Wire.ErrorCode.ClusterAuthorizationFailed, await DescribeAclsErrorAsync(broker, version: 1));
        Assert.Equal(Wire.ErrorCode.ClusterAuthorizationFailed, await DescribeAclsErrorAsync(broker, version: 3));
        var delete = await Assert.ThrowsAsync<DeleteAclsException>(() => stranger.DeleteAclsAsync([Filter(ResourceType.Any, null, ResourcePatternType.Any)]));
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, Assert.Single(delete.Results).Error.Code);
    }

    [Fact]
    public async Task Without_an_authorizer_the_acl_apis_answer_security_disabled()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        var create = await Assert.ThrowsAsync<CreateAclsException>(() => admin.CreateAclsAsync(
            [Acl(ResourceType.Topic, "t", ResourcePatternType.Literal, "User:alice", AclOperation.Read)]));
        Assert.Equal(ErrorCode.SecurityDisabled, Assert.Single(create.Results).Error.Code);
        Assert.Empty((await admin.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any))).AclBindings);
        Assert.Equal(Wire.ErrorCode.SecurityDisabled, await DescribeAclsErrorAsync(broker, version: 1));
        Assert.Equal(Wire.ErrorCode.SecurityDisabled, await DescribeAclsErrorAsync(broker, version: 2));
        var delete = await Assert.ThrowsAsync<DeleteAclsException>(() => admin.DeleteAclsAsync([Filter(ResourceType.Any, null, ResourcePatternType.Any)]));
        Assert.Equal(ErrorCode.SecurityDisabled, Assert.Single(delete.Results).Error.Code);
    }

    [Fact]
    public async Task Acls_survive_a_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-acl-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var acl = Acl(ResourceType.Group, "payments", ResourcePatternType.Prefixed, "User:payments", AclOperation.Read, AclPermissionType.Deny);
            await using (var broker = await SecuredBroker.StartAsync(dataDirectory))
            {
                using var admin = SecuredBroker.Admin(broker, "admin");
                await admin.CreateAclsAsync([acl]);
            }

            await using (var restarted = await SecuredBroker.StartAsync(dataDirectory))
            {
                using var admin = SecuredBroker.Admin(restarted, "admin");
                var described = await admin.DescribeAclsAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any));
                Assert.Equal(acl, Assert.Single(described.AclBindings));
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task The_flexible_versions_carry_the_acls_as_the_classic_ones_do()
    {
        await using var broker = await SecuredBroker.StartAsync();
        using (var admin = SecuredBroker.Admin(broker, "admin"))
        {
            await admin.CreateAclsAsync(
            [
                Acl(ResourceType.Broker, "kafka-cluster", ResourcePatternType.Literal, "User:admin-wire-test", AclOperation.Alter),
                Acl(ResourceType.Topic, "audit-", ResourcePatternType.Prefixed, "User:auditor", AclOperation.Read, AclPermissionType.Deny, host: "10.0.0.7"),
            ]);
        }

        // librdkafka sends v0-1 of these APIs; Kafka's own clients send the flexible v2-3.
        await using var wire = await AdminWireClient.ConnectAsync(broker.BootstrapServers);
        var described = await wire.SendAsync(Wire.ApiKey.DescribeAcls, 3, w => WriteAnyFilter(w, patternType: 4), flexible: true);
        Assert.Equal((0, (short)0, (string?)null), (described.ReadInt32(), described.ReadInt16(), described.ReadNullableString()));
        var resource = Assert.Single(described.ReadArray(r =>
        {
            var pattern = (r.ReadInt8(), r.ReadString(), r.ReadInt8());
            var acls = r.ReadArray(a =>
            {
                var acl = (a.ReadString(), a.ReadString(), a.ReadInt8(), a.ReadInt8());
                a.SkipTaggedFields();
                return acl;
            });
            r.SkipTaggedFields();
            return (pattern, acls);
        }));
        Assert.Equal(((sbyte)2, "audit-", (sbyte)4), resource.pattern);
        Assert.Equal(("User:auditor", "10.0.0.7", (sbyte)3, (sbyte)2), Assert.Single(resource.acls));

        var deleted = await wire.SendAsync(Wire.ApiKey.DeleteAcls, 2, w =>
        {
            w.WriteArrayLength(1);
            WriteAnyFilter(w, patternType: 4);
            w.WriteEmptyTaggedFields();
        }, flexible: true);
        Assert.Equal(0, deleted.ReadInt32());
        var result = Assert.Single(deleted.ReadArray(r =>
        {
            var error = (r.ReadInt16(), r.ReadNullableString());
            var matched = r.ReadArray(m =>
            {
                var acl = (m.ReadInt16(), m.ReadNullableString(), m.ReadInt8(), m.ReadString(), m.ReadInt8(), m.ReadString(), m.ReadString(), m.ReadInt8(), m.ReadInt8());
                m.SkipTaggedFields();
                return acl;
            });
            r.SkipTaggedFields();
            return (error, matched);
        }));
        Assert.Equal(((short)0, (string?)null), result.error);
        Assert.Equal(((short)0, (string?)null, (sbyte)2, "audit-", (sbyte)4, "User:auditor", "10.0.0.7", (sbyte)3, (sbyte)2), Assert.Single(result.matched));
        Assert.Single(broker.Context.Authorizer.Acls!.All);
    }

    /// <summary>
    /// DescribeAcls' top-level error, read off the wire: librdkafka drops it (rd_kafka_DescribeAclsResponse_parse
    /// returns no error whatever the code), so Confluent.Kafka sees an empty listing instead.
    /// </summary>
    private static async Task<Wire.ErrorCode> DescribeAclsErrorAsync(KafkaBroker broker, short version)
    {
        await using var wire = await AdminWireClient.ConnectAsync(broker.BootstrapServers);
        var response = await wire.SendAsync(Wire.ApiKey.DescribeAcls, version, w => WriteAnyFilter(w, patternType: 1), flexible: version >= 2);
        Assert.Equal(0, response.ReadInt32());
        var error = (Wire.ErrorCode)response.ReadInt16();
        Assert.NotNull(response.ReadNullableString());
        Assert.Empty(response.ReadArray(r => r.ReadInt8()));
        return error;
    }

    private static void WriteAnyFilter(Wire.KafkaWriter w, sbyte patternType)
    {
        w.WriteInt8(1);
        w.WriteString(null);
        w.WriteInt8(patternType);
        w.WriteString(null);
        w.WriteString(null);
        w.WriteInt8(1);
        w.WriteInt8(1);
        w.WriteEmptyTaggedFields();
    }

    private static AclBindingFilter Filter(ResourceType type, string? name, ResourcePatternType pattern, string? principal = null) => new()
    {
        PatternFilter = new ResourcePatternFilter { Type = type, Name = name, ResourcePatternType = pattern },
        EntryFilter = new AccessControlEntryFilter { Principal = principal, Operation = AclOperation.Any, PermissionType = AclPermissionType.Any },
    };
}
