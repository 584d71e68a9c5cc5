using System.Globalization;
using System.Text;
using Stormline.Bench.EventStore.Workloads;

namespace Stormline.Bench.EventStore.Reporting;

/// <summary>The run as markdown: appends with the ratio against Marten measured in the same run, then rehydration.</summary>
public static class ResultReport
{
    private const string Peer = "Marten";

    public static string ToMarkdown(string command, string machine, string postgresVersion, IReadOnlyList<AppendResult> appends, IReadOnlyList<RehydrationResult> rehydrations)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`  ");
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}  ");
        md.AppendLine(CultureInfo.InvariantCulture, $"PostgreSQL {postgresVersion}, one server for all PostgreSQL targets, stock durability (fsync, synchronous_commit on).");
        md.AppendLine();

        if (appends.Count > 0)
        {
            md.AppendLine("| workload | store | appends/s | events/s | × Marten |");
            md.AppendLine("| --- | --- | ---: | ---: | ---: |");
            foreach (var group in appends.GroupBy(a => a.Workload.Label))
            {
                var peer = group.FirstOrDefault(a => a.Target == Peer);
                foreach (var a in group)
                {
                    var ratio = peer is null || a.Target == Peer ? "" : (a.AppendsPerSecond / peer.AppendsPerSecond).ToString("F2", CultureInfo.InvariantCulture);
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} ({a.Workload.Appends:N0} appends, {a.Workload.Streams:N0} streams) | {a.Target} | {a.AppendsPerSecond:N0} | {a.EventsPerSecond:N0} | {ratio} |");
                }
            }
            md.AppendLine();
        }

        if (rehydrations.Count > 0)
        {
            md.AppendLine("| rehydrate | store | median ms | best ms | Marten ÷ store |");
            md.AppendLine("| --- | --- | ---: | ---: | ---: |");
            foreach (var group in rehydrations.GroupBy(r => (r.Length, r.TailAfterSnapshot)))
            {
                var peer = group.FirstOrDefault(r => r.Target == Peer);
                foreach (var r in group)
                {
                    var how = r.TailAfterSnapshot is { } tail ? $"snapshot + {tail} events" : "full replay";
                    var ratio = peer is null || r.Target == Peer ? "" : (peer.MedianMs / r.MedianMs).ToString("F2", CultureInfo.InvariantCulture);
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Length:N0} events, {how} | {r.Target} | {r.MedianMs:F2} | {r.BestMs:F2} | {ratio} |");
                }
            }
        }
        return md.ToString();
    }
}
