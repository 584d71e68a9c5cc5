using Confluent.Kafka;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Kafka;
using Stormline.Messaging.Headers;
using Stormline.Model.Board;
using Stormline.Model.Elements;

namespace Stormline.OpsConsole.Model;

/// <summary>
/// The storming board of the model file (drawn by <see cref="BoardRenderer"/>) and the live rates laid over it:
/// messages per second on each context's topic, per event type from the <c>event-type</c> header, and per policy (its trigger's rate).
/// </summary>
internal sealed class ModelBoard(ConsoleOptions options, ConsoleModel file, TopicsReader topics, PartitionScanner scanner)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    public string BoardHtml() => BoardRenderer.Render(BoardPlanner.Plan(Model));

    public async Task<ModelRates> RatesAsync(CancellationToken cancellationToken)
    {
        var model = Model;
        var metadata = topics.Metadata();
        var since = DateTimeOffset.UtcNow - Window;
        var topicRates = new Dictionary<string, double>(StringComparer.Ordinal);
        var eventCounts = model.Events.ToDictionary(e => e.Name, _ => 0, StringComparer.Ordinal);
        var sampled = true;
        foreach (var context in model.Contexts)
        {
            var meta = metadata.Topics.FirstOrDefault(t => t.Topic == context.TopicName);
            if (meta is null || meta.Partitions.Count == 0)
            {
                continue;
            }

            var partitions = meta.Partitions.Select(p => new TopicPartition(meta.Topic, p.PartitionId)).ToList();
            var offsets = await topics.OffsetsAsync(partitions);
            var from = await topics.OffsetsForTimeAsync(partitions, since);
            var ranges = partitions.Select(tp => new ScanRange(tp, from[tp] < 0 ? offsets[tp].Latest : from[tp], offsets[tp].Latest)).ToList();
            topicRates[meta.Topic] = ranges.Sum(r => r.To - r.From) / Window.TotalSeconds;
            var scan = await scanner.ScanAsync(ranges, _ => true, options.MaxScan, options.MaxScan, cancellationToken);
            sampled &= scan.Complete;
            foreach (var record in scan.Records)
            {
                if (record.Message.Headers is { } headers && MessageHeaders.Get(headers, MessageHeaders.EventType) is { } type && eventCounts.ContainsKey(type))
                {
                    eventCounts[type]++;
                }
            }
        }

        var eventRates = eventCounts.ToDictionary(e => e.Key, e => e.Value / Window.TotalSeconds, StringComparer.Ordinal);
        // A policy runs once per event it reacts to: its rate is its trigger's.
        var policyRates = model.Policies.ToDictionary(p => p.Name, p => eventRates.GetValueOrDefault(p.When.Name), StringComparer.Ordinal);
        return new ModelRates(Window.TotalSeconds, topicRates, eventRates, policyRates, sampled);
    }

    private EventModel Model => file.Model;
}

/// <summary>Rates over the last <see cref="WindowSeconds"/>; <see cref="Complete"/> is false when event types were counted on a sample.</summary>
internal sealed record ModelRates(double WindowSeconds, IReadOnlyDictionary<string, double> Topics, IReadOnlyDictionary<string, double> Events, IReadOnlyDictionary<string, double> Policies, bool Complete);
