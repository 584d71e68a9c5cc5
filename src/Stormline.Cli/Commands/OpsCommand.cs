using System.CommandLine;
using Stormline.Ops.Alerts;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline ops …</c>: operations tooling that works without the console running.</summary>
internal static class OpsCommand
{
    public static Command Create() => new("ops", "Operations: the alert rules of the console, for Prometheus and Alertmanager.")
    {
        Rules(),
    };

    private static Command Rules()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the rules file here instead of standard output." };
        var lagThreshold = new Option<long>("--lag-threshold") { Description = "Lag (per group and topic) above which a rising group alerts.", DefaultValueFactory = _ => new AlertOptions().LagThreshold };
        var outboxMaxAge = new Option<int>("--outbox-max-age") { Description = "Seconds the oldest outbox row may wait before alerting.", DefaultValueFactory = _ => (int)new AlertOptions().OutboxMaxAge.TotalSeconds };
        var diskFree = new Option<double>("--disk-free-percent") { Description = "Broker volume free space below which it alerts.", DefaultValueFactory = _ => new AlertOptions().DiskFreeRatio * 100 };
        var busyTopics = new Option<string>("--busy-topics") { Description = "Regex of topics that must keep receiving messages (whole name, as PromQL =~).", DefaultValueFactory = _ => new AlertOptions().BusyTopicPattern };
        var runbooks = new Option<string>("--runbook-url-base") { Description = "Where docs/ops.md is published; each rule's runbook_url is this plus #<rule name in lower case>.", DefaultValueFactory = _ => new AlertOptions().RunbookBaseUrl };
        var command = new Command("rules", "Print the built-in alert rules as a Prometheus rules file (check it with promtool check rules).")
        {
            output, lagThreshold, outboxMaxAge, diskFree, busyTopics, runbooks,
        };
        command.SetAction(parse =>
        {
            var options = new AlertOptions
            {
                LagThreshold = parse.GetValue(lagThreshold),
                OutboxMaxAge = TimeSpan.FromSeconds(parse.GetValue(outboxMaxAge)),
                DiskFreeRatio = parse.GetValue(diskFree) / 100,
                BusyTopicPattern = parse.GetValue(busyTopics)!,
                RunbookBaseUrl = parse.GetValue(runbooks)!,
            };
            var problems = new List<string>();
            if (options.LagThreshold < 0)
            {
                problems.Add($"--lag-threshold must be 0 or more (got {options.LagThreshold})");
            }

            if (options.OutboxMaxAge <= TimeSpan.Zero)
            {
                problems.Add($"--outbox-max-age must be more than 0 seconds (got {options.OutboxMaxAge.TotalSeconds})");
            }

            if (options.DiskFreeRatio is <= 0 or >= 1)
            {
                problems.Add($"--disk-free-percent must be between 0 and 100 (got {options.DiskFreeRatio * 100})");
            }

            if (!IsRegex(options.BusyTopicPattern))
            {
                problems.Add("--busy-topics must be a valid regex without backticks");
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    Console.Error.WriteLine($"stormline ops rules: {problem}");
                }

                return 2;
            }

            var yaml = PrometheusRulesFile.Write(DefaultAlertRules.Create(options));
            var path = parse.GetValue(output);
            if (path is null)
            {
                Console.Out.Write(yaml);
                return 0;
            }

            try
            {
                File.WriteAllText(path, yaml);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"stormline ops rules: cannot write {path}: {ex.Message}");
                return 1;
            }

            Console.Out.WriteLine($"Wrote {path}; add it to rule_files in prometheus.yml and check it with: promtool check rules {path}");
            return 0;
        });
        return command;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            // The pattern goes into a PromQL raw string (backticks), which cannot hold a backtick.
            return !string.IsNullOrEmpty(pattern) && !pattern.Contains('`', StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
