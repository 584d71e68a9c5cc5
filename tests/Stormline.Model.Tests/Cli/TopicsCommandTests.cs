using Stormline.Broker.Server;

namespace Stormline.Model.Tests.Cli;

/// <summary><c>stormline topics plan|apply</c> as a process, against an in-process broker.</summary>
public sealed class TopicsCommandTests
{
    [Fact]
    public async Task Apply_then_apply_again_reports_no_changes()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });

        var plan = await Stormline.RunAsync("topics", "plan", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers);
        Assert.Equal(1, plan.ExitCode); // the cluster differs from the plan: a CI gate fails
        Assert.Contains("+ create payment-events: 3 partition(s)", plan.Out);
        Assert.Contains("warning: replication factor 3 capped at 1, the cluster's broker count", plan.Error);

        var wider = await Stormline.RunAsync("topics", "plan", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--min-partitions", "5");
        Assert.Contains("+ create payment-events: 5 partition(s)", wider.Out);

        var first = await Stormline.RunAsync("topics", "apply", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--yes");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("+ create payment-events: 3 partition(s)", first.Out);
        Assert.Contains("Applied: 6 created, 0 with more partitions, 0 config(s) altered, 0 deleted.", first.Out);

        var second = await Stormline.RunAsync("topics", "apply", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--yes");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("no changes: the cluster matches the plan", second.Out);

        var matching = await Stormline.RunAsync("topics", "plan", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers);
        Assert.Equal(0, matching.ExitCode);
    }

    [Fact]
    public async Task A_model_with_errors_exits_1_before_contacting_the_cluster()
    {
        var path = Stormline.TempFile("broken.storm.yaml", """
            system: s
            contexts:
              order:
                aggregates:
                  Order:
                    id: orderId
                    commands:
                      CreateOrder: { emits: [OrderCreate] }
                events:
                  OrderCreate:
                    fields: { orderId: string }
            """);

        var result = await Stormline.RunAsync("topics", "apply", path, "--bootstrap", "127.0.0.1:1", "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error event-tense", result.Error);
        Assert.Contains($"stormline topics apply: {path} has errors, so no plan was made", result.Error);
    }
}
