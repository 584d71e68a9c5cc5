using Confluent.Kafka;
using Stormline.Clients;
using Stormline.Model.Elements;
using Stormline.Model.Generation;
using Stormline.Model.Topics;

namespace Stormline.Cli.Topics;

/// <summary>
/// <c>stormline topics plan|apply</c> without the command line: plans the model's topics, caps them at the cluster's
/// broker count, prints the diff and (for apply) makes the cluster match. Returns the exit code (<see cref="ExitCodes"/>):
/// plan says 1 when the cluster differs from the plan.
/// </summary>
public static class TopicSync
{
    /// <param name="confirm">Asked before changing the cluster; false leaves it untouched.</param>
    /// <param name="clients">librdkafka settings for a secured cluster; none for a plaintext one such as <c>stormline up</c>'s.</param>
    public static async Task<int> RunAsync(EventModel model, TopicPlanOptions options, string bootstrap, bool apply, bool allowDelete, Func<bool> confirm,
        TextWriter output, TextWriter error, TimeSpan timeout, ClientProperties? clients = null)
    {
        var command = apply ? "topics apply" : "topics plan";
        ClusterTopics cluster;
        try
        {
            cluster = new ClusterTopics(bootstrap, clients ?? new ClientProperties(), timeout);
        }
        catch (Exception ex) when (RefusedSetting.Is(ex))
        {
            error.WriteLine($"stormline {command}: {RefusedSetting.Describe(ex)}");
            return ExitCodes.Usage;
        }

        using var _ = cluster;
        int brokers;
        IReadOnlyList<ObservedTopic> observed;
        try
        {
            (brokers, observed) = await cluster.ReadAsync();
        }
        catch (KafkaException ex)
        {
            error.WriteLine($"stormline {command}: cannot reach the cluster at {bootstrap} within {timeout.TotalSeconds:0} s ({ex.Error.Reason}); "
                + "check --bootstrap HOST:PORT and that a broker runs there (e.g. stormline broker)");
            return ExitCodes.Unreachable;
        }

        var (plan, warnings) = BrokerCap.Apply(TopicPlanner.Plan(model, options), Math.Max(1, brokers));
        foreach (var warning in warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        var diff = TopicDiff.Compute(plan, observed);
        output.WriteLine($"Topic plan for {plan.System} against {bootstrap} ({brokers} broker(s)):");
        foreach (var line in diff.Describe(allowDelete && apply))
        {
            output.WriteLine($"  {line}");
        }

        var deletes = allowDelete && diff.Unplanned.Count > 0;
        if (!apply)
        {
            return diff.IsEmpty ? ExitCodes.Ok : ExitCodes.Findings; // so a plan can gate CI on drift
        }

        if (!diff.HasApplicableChanges && !deletes)
        {
            if (!diff.IsEmpty)
            {
                output.WriteLine("Nothing to apply.");
            }

            return 0;
        }

        if (!confirm())
        {
            output.WriteLine("Nothing applied.");
            return 0;
        }

        try
        {
            await cluster.ApplyAsync(diff, allowDelete);
        }
        catch (KafkaException ex)
        {
            error.WriteLine($"stormline {command}: the cluster refused a change: {ex.Message}; run stormline topics plan to see what is left");
            return ExitCodes.Unreachable;
        }

        output.WriteLine($"Applied: {diff.Create.Count} created, {diff.Partitions.Count(p => p.CanApply)} with more partitions, "
            + $"{diff.Configs.Count} config(s) altered, {(deletes ? diff.Unplanned.Count : 0)} deleted.");
        return 0;
    }
}
