using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Cli;
using Stormline.Cli.Topics;
using Stormline.Model.Elements;
using Stormline.Model.Generation;

namespace Stormline.Model.Tests.Topics;

/// <summary><c>topics apply</c> against the embedded broker through the real AdminClient, one broker per test.</summary>
public sealed class TopicApplyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private KafkaBroker _broker = null!;

    public async ValueTask InitializeAsync() => _broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Apply_creates_the_shop_topics_then_raises_partitions_and_alters_configs_then_reports_no_changes()
    {
        var first = await RunAsync(ModelText.Shop(), apply: true);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("+ create order-events: 3 partition(s), replication factor 1, cleanup.policy=delete, min.insync.replicas=1, retention.ms=604800000", first.Out);
        Assert.Contains("Applied: 6 created", first.Out);
        Assert.Contains("replication factor 3 capped at 1", first.Error);

        var topics = await DescribeAsync();
        Assert.Equal(["delivery-events", "delivery-events.dlq", "order-events", "order-events.dlq", "payment-events", "payment-events.dlq"], topics.Keys);
        Assert.Equal((3, "604800000", "delete", "1"), topics["order-events"]);
        Assert.Equal((3, "1209600000", "delete", "1"), topics["delivery-events"]);
        Assert.Equal((1, "2592000000", "delete", "1"), topics["order-events.dlq"]);

        var changed = ModelText.Parse(File.ReadAllText(ModelText.ShopPath)
            .Replace("topic: { eventsPerSecond: 200, retention: 7d }", "topic: { eventsPerSecond: 200, retention: 3d, partitions: 6 }", StringComparison.Ordinal));
        var plan = await RunAsync(changed, apply: false);
        Assert.Contains("~ raise partitions of order-events: 3 -> 6", plan.Out);
        Assert.Contains("~ alter order-events: retention.ms 604800000 -> 259200000", plan.Out);
        Assert.Equal((3, "604800000", "delete", "1"), (await DescribeAsync())["order-events"]);

        var second = await RunAsync(changed, apply: true);
        Assert.Contains("Applied: 0 created, 1 with more partitions, 1 config(s) altered, 0 deleted.", second.Out);
        Assert.Equal((6, "259200000", "delete", "1"), (await DescribeAsync())["order-events"]);

        var third = await RunAsync(changed, apply: true);
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("no changes: the cluster matches the plan", third.Out);
        Assert.DoesNotContain("Applied", third.Out);
    }

    [Fact]
    public async Task A_topic_removed_from_the_model_is_reported_kept_and_deleted_only_with_allow_delete()
    {
        const string two = """
            system: s
            contexts:
              order:
                topic: { partitions: 1 }
              legacy:
                topic: { partitions: 1 }
            """;
        await RunAsync(ModelText.Parse(two), apply: true);
        var one = ModelText.Parse("""
            system: s
            contexts:
              order:
                topic: { partitions: 1 }
            """);

        var kept = await RunAsync(one, apply: true);
        Assert.Contains("? legacy-events is not in the plan; kept (pass --allow-delete to delete it)", kept.Out);
        Assert.Contains("Nothing to apply.", kept.Out);
        Assert.Contains("legacy-events", (await DescribeAsync()).Keys);

        var deleted = await RunAsync(one, apply: true, allowDelete: true);
        Assert.Contains("- delete legacy-events: not in the plan", deleted.Out);
        Assert.Contains("- delete legacy-events.dlq: not in the plan", deleted.Out);
        Assert.Equal(["order-events", "order-events.dlq"], (await DescribeAsync()).Keys);
        Assert.Contains("no changes", (await RunAsync(one, apply: true)).Out);
    }

    [Fact]
    public async Task Declining_the_confirmation_changes_nothing()
    {
        var result = await RunAsync(ModelText.Shop(), apply: true, confirm: false);

        Assert.Contains("Nothing applied.", result.Out);
        Assert.Empty(await DescribeAsync());
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_3_with_what_to_do()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await TopicSync.RunAsync(ModelText.Shop(), new TopicPlanOptions(), "127.0.0.1:1", apply: false, allowDelete: false, () => true, output, error, TimeSpan.FromSeconds(1));

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("cannot reach the cluster at 127.0.0.1:1", error.ToString());
        Assert.Contains("check --bootstrap HOST:PORT", error.ToString());
    }

    private async Task<(int ExitCode, string Out, string Error)> RunAsync(EventModel model, bool apply, bool allowDelete = false, bool confirm = true)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TopicSync.RunAsync(model, new TopicPlanOptions(), _broker.BootstrapServers, apply, allowDelete, () => confirm, output, error, Timeout);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Per topic: partitions (from metadata), retention.ms, cleanup.policy and min.insync.replicas (from DescribeConfigs).</summary>
    private async Task<SortedDictionary<string, (int, string, string, string)>> DescribeAsync()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(Timeout);
        var result = new SortedDictionary<string, (int, string, string, string)>(StringComparer.Ordinal);
        foreach (var topic in metadata.Topics.Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal)))
        {
            var entries = (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic.Topic }])).Single().Entries;
            result[topic.Topic] = (topic.Partitions.Count, entries["retention.ms"].Value, entries["cleanup.policy"].Value, entries["min.insync.replicas"].Value);
        }

        return result;
    }
}
