using System.CommandLine;
using Stormline.Bench.EventStore.Reporting;
using Stormline.Bench.EventStore.Suite;

var quick = new Option<bool>("--quick") { Description = "Smoke run: 5,000 single appends over 500 streams, 500 batches, streams of 200 and 2,000 events." };
var writers = new Option<string>("--writers") { Description = "Comma-separated numbers of concurrent writers.", DefaultValueFactory = _ => "1,8,64" };
var targets = new Option<string>("--targets")
{
    Description = $"Comma-separated stores: {string.Join(", ", BenchSettings.AllTargets)}.",
    DefaultValueFactory = _ => string.Join(',', BenchSettings.AllTargets),
};
var workloads = new Option<string>("--workloads") { Description = "Comma-separated workloads: single, batch, rehydrate.", DefaultValueFactory = _ => "single,batch,rehydrate" };
var pgBin = new Option<string?>("--pg-bin") { Description = "Folder of initdb and pg_ctl (default /usr/lib/postgresql/15/bin)." };
var output = new Option<FileInfo?>("--output", "-o") { Description = "Also write the markdown results to this file." };

var root = new RootCommand(
    "Event-store benchmark: Stormline's PostgreSQL store against Marten on one throwaway PostgreSQL server in the same run " +
    "(single-event and 10-event appends with 1, 8 and 64 writers, rehydration with and without a snapshot), plus Stormline's SQLite store.")
{
    quick, writers, targets, workloads, pgBin, output,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var settings = (parse.GetValue(quick) ? BenchSettings.Quick : new BenchSettings()) with
    {
        Writers = [.. List(parse.GetValue(writers)!).Select(int.Parse)],
        Targets = new HashSet<string>(List(parse.GetValue(targets)!), StringComparer.OrdinalIgnoreCase),
        Workloads = new HashSet<string>(List(parse.GetValue(workloads)!), StringComparer.OrdinalIgnoreCase),
        PostgresBin = parse.GetValue(pgBin),
    };
    var unknown = settings.Targets.Except(BenchSettings.AllTargets, StringComparer.OrdinalIgnoreCase).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"Unknown target(s) {string.Join(", ", unknown)}; known: {string.Join(", ", BenchSettings.AllTargets)}.");
        return 2;
    }

    var machineAtStart = MachineFacts.Describe();
    Console.WriteLine(machineAtStart);
    var suite = new EventStoreSuite(settings, Console.Out);
    await suite.Run(cancellationToken);

    var command = ("stormline-bench-eventstore " + string.Join(' ', args)).Trim();
    var markdown = ResultReport.ToMarkdown(command, $"{machineAtStart}; load at end {MachineFacts.Load()}", suite.PostgresVersion, suite.Appends, suite.Rehydrations);
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (parse.GetValue(output) is { } file)
    {
        Directory.CreateDirectory(file.DirectoryName!);
        await File.WriteAllTextAsync(file.FullName, markdown, cancellationToken);
        Console.WriteLine($"Results written to {file.FullName}");
    }
    return 0;
});

return await root.Parse(args).InvokeAsync();

static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
