using Stormline.Drift;

namespace Stormline.Cli.Drift;

/// <summary>The drift report for a terminal: one section per kind of drift found, then a one-line verdict.</summary>
public static class DriftTable
{
    public static void Print(DriftReport report, DriftOptions options, TextWriter output)
    {
        output.WriteLine($"Drift between {report.Model} and {report.Bootstrap}{(report.Registry is null ? " (no registry given: subjects not checked)" : $" and {report.Registry}")}:");
        output.WriteLine($"  {report.RecordsSampled} record(s) sampled, up to {options.SamplePerPartition} from the end of each partition");
        Section(output, "Event types on topics the model does not give them", report.UnknownEventTypes, u => $"{u.Topic}  {u.EventType}  ({u.Records} record(s))");
        Section(output, "Model events not seen in the sample", report.UnseenEvents, u => $"{u.Topic}  {u.Event}");
        Section(output, "Topics in the cluster but not in the plan", report.UnplannedTopics, t => t);
        Section(output, "Topics in the plan but not in the cluster (stormline topics apply creates them)", report.MissingTopics, t => t);
        Section(output, $"Idle consumer groups (no members, or no commit for {options.IdleAfter} or more)", report.IdleGroups,
            g => $"{g.Group}  {g.Reason}{(g.Topics.Count > 0 ? $"  on {string.Join(", ", g.Topics)}" : "")}");
        Section(output, "Subjects registered but not in the model", report.UnknownSubjects, s => s);
        Section(output, "Schemas that differ from the model (stormline schema diff shows how)", report.DifferingSchemas,
            d => d.RegisteredVersion is { } version ? $"{d.Subject}  version {version} differs from the model's {d.Event}" : $"{d.Subject}  not registered (the model's {d.Event})");
        output.WriteLine(report.HasDrift ? $"Drift: {report.DriftKinds} kind(s) found." : "No drift: the cluster and the registry match the model.");
    }

    private static void Section<T>(TextWriter output, string title, IReadOnlyList<T> rows, Func<T, string> line)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine($"{title} ({rows.Count}):");
        foreach (var row in rows)
        {
            output.WriteLine($"  {line(row)}");
        }
    }
}
