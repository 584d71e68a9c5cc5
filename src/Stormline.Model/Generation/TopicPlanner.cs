using System.Globalization;
using System.Text.Json;
using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>
/// Plans one topic per context (<c>&lt;context&gt;-events</c>) and its dead-letter topic (<c>&lt;topic&gt;.dlq</c>).
/// Partitions = the hint if given, else max(min, ⌈rate / producer rate per partition⌉, ⌈rate / consumer rate per partition⌉).
/// <c>min.insync.replicas</c> = replication factor − 1 (at least 1), so one broker may fail without stopping producers.
/// </summary>
public static class TopicPlanner
{
    public static TopicPlan Plan(EventModel model, TopicPlanOptions options)
    {
        var topics = new List<PlannedTopic>();
        foreach (var context in model.Contexts)
        {
            var hints = context.Topic;
            var rate = hints?.EventsPerSecond ?? 0;
            var needed = Math.Max(Math.Ceiling(rate / options.ProducerEventsPerPartition), Math.Ceiling(rate / options.ConsumerEventsPerPartition));
            var partitions = hints?.Partitions ?? Math.Max(options.MinPartitions, (int)needed);
            var why = hints?.Partitions is not null
                ? "partitions set in the model"
                : string.Create(CultureInfo.InvariantCulture, $"{rate} events/s: producers need {Math.Ceiling(rate / options.ProducerEventsPerPartition)}, consumers {Math.Ceiling(rate / options.ConsumerEventsPerPartition)} partition(s) at {options.ProducerEventsPerPartition}/{options.ConsumerEventsPerPartition} events/s each; minimum {options.MinPartitions}");
            var keys = context.Aggregates.Where(a => a.Id is not null).Select(a => new PlannedKey(a.Name, a.Id!.Name)).ToList();
            var events = context.Events.Select(e => new PlannedEvent(e.Name, Naming.Subject(context.TopicName, e.Name))).ToList();
            topics.Add(new PlannedTopic(context.TopicName, context.Name, partitions, options.ReplicationFactor, keys, events,
                Configs(hints?.RetentionMs ?? options.DefaultRetentionMs, hints?.CleanupPolicy ?? "delete", options), why));
            topics.Add(new PlannedTopic(Naming.DeadLetterTopic(context.TopicName), context.Name, 1, options.ReplicationFactor, keys, [],
                Configs(options.DeadLetterRetentionMs, "delete", options), "dead letters: low volume, kept long enough to inspect and replay"));
        }

        return new TopicPlan(model.Name, topics);
    }

    public static GeneratedFile File(TopicPlan plan) => new("topics.json", JsonSerializer.Serialize(plan, Json.Indented) + "\n");

    private static Dictionary<string, string> Configs(long retentionMs, string cleanupPolicy, TopicPlanOptions options) => new()
    {
        ["cleanup.policy"] = cleanupPolicy,
        ["retention.ms"] = retentionMs.ToString(CultureInfo.InvariantCulture),
        ["min.insync.replicas"] = Math.Max(1, options.ReplicationFactor - 1).ToString(CultureInfo.InvariantCulture),
    };
}
