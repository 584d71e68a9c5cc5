using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Tests.Infrastructure;
using BrokerApiKey = Stormline.Broker.Protocol.ApiKey;
using BrokerError = Stormline.Broker.Protocol.ErrorCode;

namespace Stormline.Broker.Tests.Groups;

/// <summary>
/// ListGroups v4 (states filter and each group's state, KIP-518) and v5 (types filter and each group's type, KIP-848)
/// over a Stable group with a member and an Empty group that only holds committed offsets: through Confluent.Kafka's
/// AdminClient, and on the wire with the filters written as Kafka's coordinator compares them.
/// </summary>
public sealed class ListGroupsFilterTests(GroupBrokerFixture fixture) : IClassFixture<GroupBrokerFixture>
{
    [Fact]
    public async Task The_admin_client_lists_groups_by_state_and_type_and_sees_both()
    {
        using var groups = await GroupsAsync("admin");
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        var all = (await admin.ListConsumerGroupsAsync()).Valid;
        Assert.Equal((ConsumerGroupState.Stable, ConsumerGroupType.Classic), Listing(all, groups.Active));
        Assert.Equal((ConsumerGroupState.Empty, ConsumerGroupType.Classic), Listing(all, groups.OffsetsOnly));

        var stable = (await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { MatchStates = [ConsumerGroupState.Stable] })).Valid;
        Assert.Contains(stable, g => g.GroupId == groups.Active);
        Assert.DoesNotContain(stable, g => g.GroupId == groups.OffsetsOnly);

        var empty = (await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { MatchStates = [ConsumerGroupState.Empty] })).Valid;
        Assert.Contains(empty, g => g.GroupId == groups.OffsetsOnly);
        Assert.DoesNotContain(empty, g => g.GroupId == groups.Active);

        var classic = (await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { MatchTypes = [ConsumerGroupType.Classic] })).Valid;
        Assert.Contains(classic, g => g.GroupId == groups.Active);
        Assert.Contains(classic, g => g.GroupId == groups.OffsetsOnly);
        Assert.Empty((await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { MatchTypes = [ConsumerGroupType.Consumer] })).Valid);
    }

    [Fact]
    public async Task V4_compares_state_names_trimmed_and_case_insensitively_and_an_unknown_state_matches_nothing()
    {
        using var groups = await GroupsAsync("v4");

        var stable = Mine(await ListAsync(4, new ListGroupsRequest { StatesFilter = [" sTaBLe "] }), groups);
        var listed = Assert.Single(stable);
        Assert.Equal((groups.Active, "consumer", "Stable"), (listed.GroupId, listed.ProtocolType, listed.GroupState));

        var both = Mine(await ListAsync(4, new ListGroupsRequest { StatesFilter = ["Stable", "Empty"] }), groups);
        Assert.Equal([(groups.Active, "Stable"), (groups.OffsetsOnly, "Empty")], both.Select(g => (g.GroupId, g.GroupState)).Order());

        Assert.Empty((await ListAsync(4, new ListGroupsRequest { StatesFilter = ["NoSuchState"] })).Groups);
    }

    [Fact]
    public async Task V5_lists_every_group_here_as_classic_and_nothing_for_other_types()
    {
        using var groups = await GroupsAsync("v5");

        var classic = Mine(await ListAsync(5, new ListGroupsRequest { TypesFilter = ["CLASSIC"] }), groups);
        Assert.Equal([(groups.Active, "classic"), (groups.OffsetsOnly, "classic")], classic.Select(g => (g.GroupId, g.GroupType)).Order());

        var emptyClassic = Mine(await ListAsync(5, new ListGroupsRequest { StatesFilter = ["empty"], TypesFilter = ["classic"] }), groups);
        Assert.Equal([groups.OffsetsOnly], emptyClassic.Select(g => g.GroupId));

        Assert.Empty((await ListAsync(5, new ListGroupsRequest { TypesFilter = ["consumer", "share"] })).Groups);
    }

    /// <summary>
    /// Two groups named after <paramref name="prefix"/>: a Stable one whose member holds the topic's partition, and an
    /// Empty one that only holds a committed offset. Disposing stops the member.
    /// </summary>
    private async Task<TwoGroups> GroupsAsync(string prefix)
    {
        var topic = $"list-filter-{prefix}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        var groups = new TwoGroups($"{topic}-active", $"{topic}-offsets-only", new PolledConsumer(fixture.Consumer($"{topic}-active").Build(), topic));
        await Eventually.Until(() => groups.Member.Partitions.Count == 1, TimeSpan.FromSeconds(20), () => "the member was never assigned the partition");
        using var offsetsOnly = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(fixture.BootstrapServers, groups.OffsetsOnly)).Build();
        offsetsOnly.Commit([new TopicPartitionOffset(topic, 0, 3)]);
        return groups;
    }

    private static List<ListGroupsResponse.ListedGroup> Mine(ListGroupsResponse response, TwoGroups groups) =>
        [.. response.Groups.Where(g => g.GroupId == groups.Active || g.GroupId == groups.OffsetsOnly)];

    private sealed record TwoGroups(string Active, string OffsetsOnly, PolledConsumer Member) : IDisposable
    {
        public void Dispose() => Member.Dispose();
    }

    private static (ConsumerGroupState, ConsumerGroupType) Listing(List<ConsumerGroupListing> listings, string group)
    {
        var listing = Assert.Single(listings, g => g.GroupId == group);
        return (listing.State, listing.Type);
    }

    private async Task<ListGroupsResponse> ListAsync(short version, ListGroupsRequest request)
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync<ListGroupsRequest, ListGroupsResponse>(BrokerApiKey.ListGroups, version, request);
        Assert.Equal(BrokerError.None, response.ErrorCode);
        return response;
    }
}
