using System.Text.Json.Nodes;
using Stormline.Model.Generation;
using Stormline.Ops.Collecting;

namespace Stormline.Drift;

/// <summary>
/// Compares what was read from the cluster and the registry with the model: pure, so each kind of drift can be
/// judged apart from the reading. Topics whose names start with '_' (<c>__consumer_offsets</c>, the registry's
/// <c>_schemas</c>) are the platform's, never drift.
/// </summary>
public static class ModelDrift
{
    /// <param name="subjects">Every registered subject with its latest version and schema; null when no registry was asked.</param>
    public static DriftReport Compare(string modelPath, string bootstrap, string? registryUrl, TopicPlan plan, IReadOnlyList<EventSchema> schemas,
        ClusterSnapshot cluster, EventTypeSample sample, IReadOnlyDictionary<string, (int Version, string Schema)>? subjects, TimeSpan idleAfter)
    {
        var planned = plan.Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var observed = cluster.Topics.Where(t => !t.Name.StartsWith('_')).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        var modelEvents = plan.Topics.SelectMany(t => t.Events).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = sample.Counts
            .Where(c => !c.Key.Topic.StartsWith('_') && !Carries(planned.GetValueOrDefault(c.Key.Topic), c.Key.Type, modelEvents))
            .Select(c => new UnknownEventType(c.Key.Topic, c.Key.Type, c.Value))
            .OrderBy(u => u.Topic, StringComparer.Ordinal).ThenBy(u => u.EventType, StringComparer.Ordinal)
            .ToList();
        var unseen = plan.Topics
            .SelectMany(t => t.Events.Where(e => !sample.Counts.ContainsKey((t.Name, e.Name))).Select(e => new UnseenEvent(e.Name, t.Name)))
            .ToList();

        return new DriftReport(modelPath, bootstrap, registryUrl, sample.Records, unknown, unseen,
            UnplannedTopics: observed.Where(n => !planned.ContainsKey(n)).Order(StringComparer.Ordinal).ToList(),
            MissingTopics: planned.Keys.Where(n => !observed.Contains(n)).Order(StringComparer.Ordinal).ToList(),
            IdleGroups: IdleGroups(cluster, idleAfter),
            UnknownSubjects: subjects is null ? [] : subjects.Keys.Where(s => schemas.All(m => m.Subject != s)).Order(StringComparer.Ordinal).ToList(),
            DifferingSchemas: subjects is null ? [] : DifferingSchemas(schemas, subjects));
    }

    /// <summary>
    /// Whether a planned topic may carry the type: an event topic its context's events; a dead-letter topic (planned
    /// with no events of its own) whatever its context consumed, so any event of the model.
    /// </summary>
    private static bool Carries(PlannedTopic? topic, string type, HashSet<string> modelEvents) =>
        topic is not null && (topic.Events.Count == 0 ? modelEvents.Contains(type) : topic.Events.Any(e => e.Name == type));

    private static List<IdleGroup> IdleGroups(ClusterSnapshot cluster, TimeSpan idleAfter)
    {
        var idle = new List<IdleGroup>();
        foreach (var group in cluster.Groups.OrderBy(g => g.GroupId, StringComparer.Ordinal))
        {
            var topics = group.Topics.Order(StringComparer.Ordinal).ToList();
            if (group.State is GroupState.Empty or GroupState.Dead && group.Members.Count == 0)
            {
                idle.Add(new IdleGroup(group.GroupId, "no members", topics));
            }
            else if (group.MaxLagSeconds is { } seconds && seconds >= idleAfter.TotalSeconds)
            {
                // The next record it has not consumed is this old, so the group has committed nothing past it since.
                idle.Add(new IdleGroup(group.GroupId, $"no commit for {TimeSpan.FromSeconds(Math.Floor(seconds))} (its oldest unconsumed record's age)", topics));
            }
        }

        return idle;
    }

    private static List<DifferingSchema> DifferingSchemas(IReadOnlyList<EventSchema> schemas, IReadOnlyDictionary<string, (int Version, string Schema)> subjects)
    {
        var differing = new List<DifferingSchema>();
        foreach (var schema in schemas.OrderBy(s => s.Subject, StringComparer.Ordinal))
        {
            if (!subjects.TryGetValue(schema.Subject, out var registered))
            {
                differing.Add(new DifferingSchema(schema.Subject, schema.Event, null));
            }
            else if (!SameJson(registered.Schema, schema.Schema))
            {
                differing.Add(new DifferingSchema(schema.Subject, schema.Event, registered.Version));
            }
        }

        return differing;
    }

    /// <summary>Equal as JSON values: a registry may store a schema with other whitespace or key order than it was given.</summary>
    private static bool SameJson(string registered, string model)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(registered), JsonNode.Parse(model));
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Equals(registered, model, StringComparison.Ordinal);
        }
    }
}
