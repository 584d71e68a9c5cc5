using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Security;

/// <summary>The StandardAuthorizer's matching rules, against a real ACL store in a temporary data directory.</summary>
public sealed class AuthorizerTests : IDisposable
{
    private const string Client = "192.168.1.20";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-authorizer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void A_literal_acl_covers_its_name_only_and_a_prefixed_one_every_name_it_starts()
    {
        var authorizer = With(
            Allow(AclResourceType.Topic, "orders", AclPatternType.Literal, "User:alice", AclOperation.Read),
            Allow(AclResourceType.Topic, "pay-", AclPatternType.Prefixed, "User:alice", AclOperation.Read));

        Assert.True(Topic(authorizer, "User:alice", AclOperation.Read, "orders"));
        Assert.False(Topic(authorizer, "User:alice", AclOperation.Read, "orders-eu"));
        Assert.True(Topic(authorizer, "User:alice", AclOperation.Read, "pay-in"));
        Assert.True(Topic(authorizer, "User:alice", AclOperation.Read, "pay-"));
        Assert.False(Topic(authorizer, "User:alice", AclOperation.Read, "pay"));
        Assert.False(Topic(authorizer, "User:alice", AclOperation.Write, "orders"));
        Assert.False(Topic(authorizer, "User:bob", AclOperation.Read, "orders"));
        Assert.False(authorizer.Authorize("User:alice", Client, AclOperation.Read, AclResourceType.Group, "orders"));
    }

    [Fact]
    public void The_wildcard_name_and_wildcard_principal_match_everything_of_their_kind()
    {
        var authorizer = With(
            Allow(AclResourceType.Topic, "*", AclPatternType.Literal, "User:alice", AclOperation.Write),
            Allow(AclResourceType.Group, "shop", AclPatternType.Literal, "User:*", AclOperation.Read));

        Assert.True(Topic(authorizer, "User:alice", AclOperation.Write, "anything"));
        Assert.True(authorizer.Authorize("User:zoe", Client, AclOperation.Read, AclResourceType.Group, "shop"));
        Assert.False(Topic(authorizer, "User:zoe", AclOperation.Write, "anything"));
    }

    [Fact]
    public void Deny_wins_over_allow_wherever_each_comes_from()
    {
        var authorizer = With(
            Allow(AclResourceType.Topic, "*", AclPatternType.Literal, "User:*", AclOperation.All),
            Allow(AclResourceType.Topic, "ledger", AclPatternType.Prefixed, "User:mallory", AclOperation.Write) with { Permission = AclPermission.Deny },
            Allow(AclResourceType.Topic, "secrets", AclPatternType.Literal, "User:*", AclOperation.All) with { Permission = AclPermission.Deny });

        Assert.False(Topic(authorizer, "User:mallory", AclOperation.Write, "ledger-2026"));
        Assert.True(Topic(authorizer, "User:mallory", AclOperation.Read, "ledger-2026"));
        Assert.True(Topic(authorizer, "User:alice", AclOperation.Write, "ledger-2026"));
        Assert.False(Topic(authorizer, "User:alice", AclOperation.Describe, "secrets"));
    }

    [Fact]
    public void Read_write_delete_and_alter_imply_describe_and_alter_configs_implies_describe_configs_but_deny_implies_nothing()
    {
        var authorizer = With(
            Allow(AclResourceType.Topic, "r", AclPatternType.Literal, "User:a", AclOperation.Read),
            Allow(AclResourceType.Topic, "w", AclPatternType.Literal, "User:a", AclOperation.Write),
            Allow(AclResourceType.Topic, "d", AclPatternType.Literal, "User:a", AclOperation.Delete),
            Allow(AclResourceType.Topic, "al", AclPatternType.Literal, "User:a", AclOperation.Alter),
            Allow(AclResourceType.Topic, "ac", AclPatternType.Literal, "User:a", AclOperation.AlterConfigs),
            Allow(AclResourceType.Topic, "c", AclPatternType.Literal, "User:a", AclOperation.Create),
            Allow(AclResourceType.Topic, "x", AclPatternType.Literal, "User:a", AclOperation.Describe),
            Allow(AclResourceType.Topic, "x", AclPatternType.Literal, "User:a", AclOperation.Read) with { Permission = AclPermission.Deny });

        Assert.All(["r", "w", "d", "al"], t => Assert.True(Topic(authorizer, "User:a", AclOperation.Describe, t)));
        Assert.True(Topic(authorizer, "User:a", AclOperation.DescribeConfigs, "ac"));
        Assert.False(Topic(authorizer, "User:a", AclOperation.Describe, "c"));
        Assert.False(Topic(authorizer, "User:a", AclOperation.Read, "w"));
        Assert.True(Topic(authorizer, "User:a", AclOperation.Describe, "x"));
        Assert.False(Topic(authorizer, "User:a", AclOperation.Read, "x"));
    }

    [Fact]
    public void An_acl_for_one_host_does_not_apply_to_another()
    {
        var authorizer = With(Allow(AclResourceType.Topic, "t", AclPatternType.Literal, "User:a", AclOperation.Read) with { Host = Client });

        Assert.True(authorizer.Authorize("User:a", Client, AclOperation.Read, AclResourceType.Topic, "t"));
        Assert.False(authorizer.Authorize("User:a", "10.0.0.1", AclOperation.Read, AclResourceType.Topic, "t"));
    }

    [Fact]
    public void Super_users_are_allowed_everything_even_what_is_denied()
    {
        var authorizer = With(
            new BrokerOptions { SuperUsers = AuthorizerConfig.SuperUsers("User:admin; User:ops") },
            Allow(AclResourceType.Topic, "*", AclPatternType.Literal, "User:*", AclOperation.All) with { Permission = AclPermission.Deny });

        Assert.True(Topic(authorizer, "User:ops", AclOperation.Delete, "t"));
        Assert.False(Topic(authorizer, "User:alice", AclOperation.Delete, "t"));
    }

    [Fact]
    public void Allow_everyone_if_no_acl_found_applies_only_to_resources_no_acl_covers()
    {
        var acl = Allow(AclResourceType.Topic, "owned-", AclPatternType.Prefixed, "User:owner", AclOperation.All);
        var strict = With(acl);
        var open = With(new BrokerOptions { AllowEveryoneIfNoAclFound = true }, acl);

        Assert.False(Topic(strict, "User:guest", AclOperation.Read, "free"));
        Assert.True(Topic(open, "User:guest", AclOperation.Read, "free"));
        Assert.False(Topic(open, "User:guest", AclOperation.Read, "owned-1"));
    }

    [Fact]
    public void Some_topic_allows_write_unless_a_deny_covers_everything_that_allow_covers()
    {
        var allow = Allow(AclResourceType.Topic, "out-", AclPatternType.Prefixed, "User:p", AclOperation.Write);
        Assert.True(With(allow).AuthorizeAny("User:p", Client, AclOperation.Write, AclResourceType.Topic));
        Assert.False(With(allow).AuthorizeAny("User:q", Client, AclOperation.Write, AclResourceType.Topic));
        Assert.True(With(allow, allow with { ResourceName = "out-1", PatternType = AclPatternType.Literal, Permission = AclPermission.Deny })
            .AuthorizeAny("User:p", Client, AclOperation.Write, AclResourceType.Topic));
        Assert.False(With(allow, allow with { ResourceName = "out", Permission = AclPermission.Deny })
            .AuthorizeAny("User:p", Client, AclOperation.Write, AclResourceType.Topic));
        Assert.False(With(allow, allow with { ResourceName = "*", PatternType = AclPatternType.Literal, Permission = AclPermission.Deny })
            .AuthorizeAny("User:p", Client, AclOperation.Write, AclResourceType.Topic));
    }

    [Fact]
    public void Filters_select_acls_as_Kafka_filters_do()
    {
        AclBinding[] acls =
        [
            Allow(AclResourceType.Topic, "orders", AclPatternType.Literal, "User:a", AclOperation.Read),
            Allow(AclResourceType.Topic, "ord", AclPatternType.Prefixed, "User:a", AclOperation.Read),
            Allow(AclResourceType.Topic, "*", AclPatternType.Literal, "User:b", AclOperation.Write),
            Allow(AclResourceType.Group, "orders", AclPatternType.Literal, "User:a", AclOperation.Read),
        ];
        string[] Names(AclResourceType type, string? name, AclPatternType pattern) =>
            [.. acls.Where(new AclBindingFilter(type, name, pattern, null, null, AclOperation.Any, AclPermission.Any).Matches).Select(a => $"{a.ResourceType}:{a.ResourceName}")];

        Assert.Equal(["Topic:orders", "Group:orders"], Names(AclResourceType.Any, "orders", AclPatternType.Any));
        Assert.Equal(["Topic:orders", "Topic:ord", "Topic:*"], Names(AclResourceType.Topic, "orders", AclPatternType.Match));
        Assert.Equal(["Topic:ord"], Names(AclResourceType.Topic, null, AclPatternType.Prefixed));
        Assert.Equal(["Topic:*"], Names(AclResourceType.Topic, "*", AclPatternType.Literal));
        Assert.NotNull(new AclBindingFilter(AclResourceType.Unknown, null, AclPatternType.Any, null, null, AclOperation.Any, AclPermission.Any).Invalid());
    }

    [Fact]
    public void A_damaged_acl_file_stops_the_broker_with_a_message_naming_it()
    {
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "meta"));
        var path = Path.Combine(_dataDirectory, "meta", AclStore.FileName);
        File.WriteAllText(path, "[{\"resourceType\": \"Topic\"");

        var ex = Assert.Throws<InvalidDataException>(() => new AclStore(_dataDirectory));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_authorizer_classes_and_malformed_super_users_are_refused_at_configuration()
    {
        var options = new BrokerOptions();
        Assert.Contains("StandardAuthorizer", Assert.Throws<ArgumentException>(() => options.Set("authorizer.class.name", "com.example.MyAuthorizer")).Message, StringComparison.Ordinal);
        Assert.Contains("'admin'", Assert.Throws<ArgumentException>(() => options.Set("super.users", "User:ops;admin")).Message, StringComparison.Ordinal);
        options.Set("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer");
        Assert.Equal("kafka.security.authorizer.AclAuthorizer", options.AuthorizerClassName);
    }

    private Authorizer With(params AclBinding[] acls) => With(new BrokerOptions(), acls);

    private Authorizer With(BrokerOptions options, params AclBinding[] acls)
    {
        options.AuthorizerClassName = Authorizer.ClassNames[0];
        var directory = Path.Combine(_dataDirectory, Guid.NewGuid().ToString("N"));
        var authorizer = new Authorizer(options, directory);
        authorizer.Acls!.Create(acls);
        return authorizer;
    }

    private static bool Topic(Authorizer authorizer, string principal, AclOperation operation, string topic) =>
        authorizer.Authorize(principal, Client, operation, AclResourceType.Topic, topic);

    private static AclBinding Allow(AclResourceType type, string name, AclPatternType pattern, string principal, AclOperation operation) =>
        new(type, name, pattern, principal, "*", operation, AclPermission.Allow);
}
