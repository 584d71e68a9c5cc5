using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Stormline.Bench.Ops;
using System.Diagnostics.Metrics;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;
using Stormline.Ops.Metrics;

var topicsOption = new Option<int>("--topics") { Description = "Topics to create.", DefaultValueFactory = _ => 1000 };
var partitionsOption = new Option<int>("--partitions") { Description = "Partitions per topic.", DefaultValueFactory = _ => 10 };
var groupsOption = new Option<int>("--groups") { Description = "Consumer groups with committed offsets (each on one topic, all its partitions).", DefaultValueFactory = _ => 200 };
var pollsOption = new Option<int>("--polls") { Description = "Measured collector polls (after one warm-up poll).", DefaultValueFactory = _ => 10 };
var naiveOption = new Option<int>("--naive-polls") { Description = "Measured polls of the per-object peer (at least 1).", DefaultValueFactory = _ => 2 };
var brokerDllOption = new Option<string>("--broker-dll") { Description = "The broker to start (default: src/Stormline.Cli/bin/Release/net10.0/stormline.dll).", DefaultValueFactory = _ => Path.Combine("src", "Stormline.Cli", "bin", "Release", "net10.0", "stormline.dll") };
var bootstrapOption = new Option<string?>("--bootstrap") { Description = "Measure against this cluster instead of starting a broker (it is seeded the same way)." };
var root = new RootCommand("Cost of one Stormline.Ops collector poll (time, allocation, retained memory) against a broker holding topics x partitions and groups, with a per-object AdminClient loop and kcat -L measured in the same run.")
{
    topicsOption, partitionsOption, groupsOption, pollsOption, naiveOption, brokerDllOption, bootstrapOption,
};

root.SetAction(async parse =>
{
    var (topics, partitions, groups, polls) = (parse.GetValue(topicsOption), parse.GetValue(partitionsOption), parse.GetValue(groupsOption), parse.GetValue(pollsOption));
    var brokerDll = Path.GetFullPath(parse.GetValue(brokerDllOption)!);
    var external = parse.GetValue(bootstrapOption);
    if (polls < 1 || parse.GetValue(naiveOption) < 1 || topics < 1 || partitions < 1 || groups < 0)
    {
        Console.Error.WriteLine("stormline-bench-ops: --topics, --partitions, --polls and --naive-polls must be at least 1, --groups at least 0");
        return 2;
    }

    if (external is null && !File.Exists(brokerDll))
    {
        Console.Error.WriteLine($"stormline-bench-ops: {brokerDll} not found; build it first: dotnet build src/Stormline.Cli -c Release");
        return 2;
    }

    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()}, load {File.ReadAllText("/proc/loadavg").Trim()}");
    await using var broker = external is null ? await BrokerProcess.StartAsync(brokerDll) : null;
    var bootstrap = external ?? broker!.Bootstrap;
    Console.WriteLine($"broker {bootstrap}; seeding {topics} topics x {partitions} partitions, {groups} groups");
    await ClusterSeeder.SeedAsync(bootstrap, topics, partitions, groups, recordsPerPartition: 4, Console.Out);

    // Stormline collector: warm-up poll, then measured polls into a history that keeps them all; once on the idle
    // cluster, once with one record written to every partition between polls (nothing can be shared then).
    var idle = await CollectorRun.MeasureAsync(bootstrap, polls, writer: null);
    if (idle.Collector.Latest!.PartitionCount != topics * partitions || idle.Collector.Latest.Groups.Count != groups)
    {
        Console.Error.WriteLine($"stormline-bench-ops: the collector saw {idle.Collector.Latest.PartitionCount} partitions and {idle.Collector.Latest.Groups.Count} groups, expected {topics * partitions} and {groups}");
        return 1;
    }

    await using var collector = idle.Collector;
    var times = idle.Times;
    var lag = collector.Latest!.Groups.Sum(g => g.TotalLag);
    Console.WriteLine($"stormline collector, idle cluster: {polls} polls, median {Median(times):0} ms, min {times.Min():0} ms, max {times.Max():0} ms; " +
        $"allocated {idle.AllocatedPerPoll / 1048576:0.0} MiB/poll; retained {idle.Retained / 1048576.0:0.0} MiB for {collector.History.Count} snapshots " +
        $"({idle.Retained / (double)collector.History.Count / 1048576:0.00} MiB each); process working set {Environment.WorkingSet / 1048576:0} MiB; total lag {lag}");
    using (var writer = new PartitionWriter(bootstrap, collector.Latest.Topics.Select(t => (t.Name, t.Partitions.Count)).ToList()))
    {
        var busy = await CollectorRun.MeasureAsync(bootstrap, polls, writer);
        await using var busyCollector = busy.Collector;
        Console.WriteLine($"stormline collector, every partition written between polls: median {Median(busy.Times):0} ms; retained {busy.Retained / 1048576.0:0.0} MiB for {busyCollector.History.Count} snapshots " +
            $"({busy.Retained / (double)busyCollector.History.Count / 1048576:0.00} MiB each)");
        lag = busyCollector.Latest!.Groups.Sum(g => g.TotalLag);
    }

    // What the console does with each snapshot: Burrow verdicts over the held history, and one read of every gauge.
    var history = collector.History.ToList();
    var lagTimes = Enumerable.Range(0, 3).Select(_ => Timed(() => new LagEvaluator().Evaluate(history))).ToList();
    using var lagMonitor = new LagMonitor(collector, new LagEvaluator());
    using var metrics = new OpsMetrics(collector, lagMonitor);
    var series = 0L;
    using var listener = new MeterListener();
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == OpsMetrics.MeterName)
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<long>((_, _, _, _) => series++);
    listener.SetMeasurementEventCallback<double>((_, _, _, _) => series++);
    listener.Start();
    var gaugeTimes = Enumerable.Range(0, 3).Select(_ => Timed(listener.RecordObservableInstruments)).ToList();
    Console.WriteLine($"lag evaluation of {groups} groups over {history.Count} snapshots: median {Median(lagTimes):0.0} ms; one read of every Stormline.Ops gauge: median {Median(gaugeTimes):0.0} ms, {series / 3} series");

    // Peer 1: per-object AdminClient loop over the same cluster.
    using var naive = new NaiveCollector(bootstrap);
    var naiveTimes = new List<double>();
    for (var i = 0; i < parse.GetValue(naiveOption); i++)
    {
        var clock = Stopwatch.StartNew();
        var seen = await naive.PollAsync();
        naiveTimes.Add(clock.Elapsed.TotalMilliseconds);
        if (seen.Partitions != topics * partitions || seen.Groups != groups || seen.TotalLag != lag)
        {
            Console.Error.WriteLine($"stormline-bench-ops: the peer saw {seen.Partitions} partitions, {seen.Groups} groups, lag {seen.TotalLag}; the collector {lag}");
            return 1;
        }
    }

    Console.WriteLine($"per-object AdminClient loop: {naiveTimes.Count} polls, median {Median(naiveTimes):0} ms (same partitions, groups and total lag)");

    // Peer 2: kcat -L, metadata only (no offsets, no groups), process start included.
    var kcatTimes = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        var clock = Stopwatch.StartNew();
        using var kcat = Process.Start(new ProcessStartInfo("kcat", ["-L", "-b", bootstrap]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var listing = await kcat.StandardOutput.ReadToEndAsync();
        await kcat.WaitForExitAsync();
        kcatTimes.Add(clock.Elapsed.TotalMilliseconds);
        if (kcat.ExitCode != 0 || !listing.Contains(ClusterSeeder.Topic(topics - 1), StringComparison.Ordinal))
        {
            Console.Error.WriteLine("stormline-bench-ops: kcat -L failed or did not list every topic");
            return 1;
        }
    }

    Console.WriteLine($"kcat -L (metadata only): median {Median(kcatTimes):0} ms");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: per-object loop / collector poll = {Median(naiveTimes) / Median(times):0.0}x; collector poll / kcat -L = {Median(times) / Median(kcatTimes):0.0}x"));
    if (broker is not null)
    {
        Console.WriteLine($"broker process working set {broker.ResidentBytes() / 1048576} MiB");
    }
    return 0;
});

return await root.Parse(args).InvokeAsync();

static double Timed(Action action)
{
    var clock = Stopwatch.StartNew();
    action();
    return clock.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
