using System.Globalization;
using System.Text;
using Stormline.Bench.Measurement;

namespace Stormline.Bench.Reporting;

/// <summary>
/// Renders a run as markdown: the machine and its load, the settings, every run of every workload (with CPU per
/// process), Stormline's ratio to each peer from the same run, and where Stormline stands against its targets.
/// </summary>
public sealed class ResultReport(
    IReadOnlyList<WorkloadResult> results,
    MachineInfo machine,
    string commandLine,
    IReadOnlyList<(string Time, string Load)> loads,
    IReadOnlyList<(string System, string Settings)> clientSettings)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        Line(md, "# Stormline bench run");
        Line(md, "");
        Line(md, $"Command: `{commandLine}`");
        Line(md, "");
        Line(md, $"Machine: {machine.Cores} cores ({machine.CpuModel}), {machine.Memory}, {machine.OperatingSystem}, kernel {machine.Kernel}, {machine.DotNet}.");
        Line(md, $"Peers: {string.Join("; ", machine.ServerVersions)}.");
        Line(md, $"Load average (1, 5, 15 min): {string.Join("; ", loads.Select(l => $"{l.Time}: {l.Load}"))}.");
        Line(md, "");
        Line(md, "Clients:");
        foreach (var (system, settings) in clientSettings)
        {
            Line(md, $"- **{system}**: {settings}");
        }

        Line(md, "");
        WriteThroughput(md);
        WriteLatency(md);
        WriteRatios(md);
        WriteTargets(md);
        return md.ToString();
    }

    private void WriteThroughput(StringBuilder md)
    {
        Line(md, "## Throughput");
        Line(md, "");
        Line(md, "CPU is in % of one core averaged over the run (200 % = both cores): the server process, this bench process (the clients), and everything else on the machine. µs/msg is CPU time per message, server and bench, which depends far less on the machine's other load than msg/s does.");
        Line(md, "");
        Line(md, "| workload | system | run | msg/s | MB/s | messages | seconds | server CPU | bench CPU | others CPU | server µs/msg | bench µs/msg | note |");
        Line(md, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results.Where(r => r.Latency is null))
        {
            Line(md, $"| {r.Workload} | {r.System} | {r.Run} | {r.MessagesPerSecond:N0} | {r.MegabytesPerSecond:N1} | {r.Messages:N0} | {r.Elapsed.TotalSeconds:0.00} | {r.Cpu.ServerPercent:0} % | {r.Cpu.ClientPercent:0} % | {r.Cpu.OthersPercent:0} % | {r.ServerMicrosPerMessage:0.00} | {r.ClientMicrosPerMessage:0.00} | {r.Note} |");
        }

        Line(md, "");
        Line(md, "Mean over runs:");
        Line(md, "");
        Line(md, "| workload | system | runs | mean msg/s | mean MB/s | min–max msg/s | mean server µs/msg | mean bench µs/msg |");
        Line(md, "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var group in results.Where(r => r.Latency is null).GroupBy(r => (r.Workload, r.System)))
        {
            Line(md, $"| {group.Key.Workload} | {group.Key.System} | {group.Count()} | {group.Average(r => r.MessagesPerSecond):N0} | {group.Average(r => r.MegabytesPerSecond):N1} | {group.Min(r => r.MessagesPerSecond):N0}–{group.Max(r => r.MessagesPerSecond):N0} | {group.Average(r => r.ServerMicrosPerMessage):0.00} | {group.Average(r => r.ClientMicrosPerMessage):0.00} |");
        }

        Line(md, "");
    }

    private void WriteLatency(StringBuilder md)
    {
        var latency = results.Where(r => r.Latency is not null).ToList();
        if (latency.Count == 0)
        {
            return;
        }

        Line(md, "## End-to-end latency");
        Line(md, "");
        Line(md, "Producer and consumer in the bench process; the send time (Stopwatch) is in the value; the warm-up second is not counted.");
        Line(md, "");
        Line(md, "| workload | system | run | sent msg/s | samples | p50 ms | p99 ms | p99.9 ms | max ms | server CPU | bench CPU | others CPU | note |");
        Line(md, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in latency)
        {
            var l = r.Latency!.Value;
            Line(md, $"| {r.Workload} | {r.System} | {r.Run} | {r.SentPerSecond:N0} | {l.Samples:N0} | {l.P50Ms:0.00} | {l.P99Ms:0.00} | {l.P999Ms:0.00} | {l.MaxMs:0.00} | {r.Cpu.ServerPercent:0} % | {r.Cpu.ClientPercent:0} % | {r.Cpu.OthersPercent:0} % | {r.Note} |");
        }

        Line(md, "");
    }

    private void WriteRatios(StringBuilder md)
    {
        var peers = results.Select(r => r.System).Distinct().Where(s => s != WorkloadNames.Stormline && results.Any(r => r.System == s && r.Workload.StartsWith("produce", StringComparison.Ordinal))).ToList();
        if (peers.Count == 0 || !results.Any(r => r.System == WorkloadNames.Stormline))
        {
            return;
        }

        Line(md, "## Stormline against each peer, same run");
        Line(md, "");
        Line(md, "Throughput: Stormline ÷ peer of the mean msg/s (above 1: Stormline is faster). Latency: Stormline's p99 ÷ the peer's (below 1: Stormline is quicker).");
        Line(md, "");
        Line(md, $"| workload | Stormline | {string.Join(" | ", peers.Select(p => $"{p} | Stormline ÷ {p}"))} |");
        Line(md, $"| --- | ---: |{string.Concat(peers.Select(_ => " ---: | ---: |"))}");
        foreach (var workload in results.Where(r => r.System == WorkloadNames.Stormline).Select(r => r.Workload).Distinct())
        {
            var isLatency = results.First(r => r.Workload == workload).Latency is not null;
            double? Value(string system)
            {
                var runs = results.Where(r => r.Workload == workload && r.System == system).ToList();
                if (runs.Count == 0)
                {
                    return null;
                }

                return isLatency ? runs.Average(r => r.Latency!.Value.P99Ms) : runs.Average(r => r.MessagesPerSecond);
            }

            string Format(double? v) => v is null ? "–" : isLatency ? $"p99 {v:0.00} ms" : $"{v:N0} msg/s";
            var mine = Value(WorkloadNames.Stormline);
            if (peers.All(p => Value(p) is null))
            {
                continue;
            }

            var cells = peers.Select(p =>
            {
                var theirs = Value(p);
                var ratio = mine is { } m && theirs is { } t && t > 0 ? (m / t).ToString("0.00", Invariant) : "–";
                return $"{Format(theirs)} | {ratio}";
            });
            Line(md, $"| {workload} | {Format(mine)} | {string.Join(" | ", cells)} |");
        }

        Line(md, "");
    }

    private void WriteTargets(StringBuilder md)
    {
        var mine = results.Where(r => r.System == WorkloadNames.Stormline).ToList();
        if (mine.Count == 0)
        {
            return;
        }

        Line(md, "## Stormline against its targets");
        Line(md, "");
        Line(md, "| target | measured (best run) | met |");
        Line(md, "| --- | ---: | --- |");
        if (mine.Where(r => r.Workload == WorkloadNames.Produce(100)).Select(r => r.MessagesPerSecond).DefaultIfEmpty().Max() is var small and > 0)
        {
            Line(md, $"| ≥ 500,000 msg/s of 100 B, acks=all | {small:N0} msg/s | {(small >= 500_000 ? "yes" : "no")} |");
        }

        if (mine.Where(r => r.Workload == WorkloadNames.Produce(1024)).Select(r => r.MegabytesPerSecond).DefaultIfEmpty().Max() is var large and > 0)
        {
            Line(md, $"| ≥ 300 MB/s of 1 KiB, acks=all | {large:N1} MB/s | {(large >= 300 ? "yes" : "no")} |");
        }

        if (mine.Where(r => r.Latency is not null).Select(r => r.Latency!.Value.P99Ms).DefaultIfEmpty(double.NaN).Min() is var p99 and not double.NaN)
        {
            Line(md, $"| p99 end-to-end < 5 ms at 10,000 msg/s | {p99:0.00} ms | {(p99 < 5 ? "yes" : "no")} |");
        }

        Line(md, "");
    }

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');
}
