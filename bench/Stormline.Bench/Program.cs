using System.CommandLine;
using Stormline.Bench;
using Stormline.Bench.Reporting;
using Stormline.Bench.Suite;

var quick = new Option<bool>("--quick") { Description = "Short smoke run: 10x fewer records, 2 s latency window, one run." };
var runs = new Option<int?>("--runs") { Description = "How many times the whole sequence runs (default 2; 1 with --quick)." };
var output = new Option<FileInfo?>("--output", "-o") { Description = "Also write the markdown results to this file." };
var peers = new Option<string>("--peers")
{
    Description = "Comma-separated systems to measure: stormline, redis, nats.",
    DefaultValueFactory = _ => "stormline,redis,nats",
};
var brokerDll = new Option<FileInfo?>("--broker-dll") { Description = "The broker to run (default: src/Stormline.Cli/bin/Release/net10.0/stormline.dll of this repository)." };
var partitions = new Option<int>("--partitions") { Description = "Partitions of the Kafka topics.", DefaultValueFactory = _ => 1 };
var smallCount = new Option<int?>("--small-count") { Description = "100-byte records per produce run (default 1,000,000)." };
var largeCount = new Option<int?>("--large-count") { Description = "1 KiB records per produce run (default 300,000)." };
var latencySeconds = new Option<double?>("--latency-seconds") { Description = "Measured seconds of the latency run (default 10)." };
var noKcat = new Option<bool>("--no-kcat") { Description = "Skip the kcat -P workload." };
var workloads = new Option<string>("--workloads")
{
    Description = "Comma-separated workload groups: throughput (produce + read back), latency, ceilings (loopback TCP, kcat).",
    DefaultValueFactory = _ => "throughput,latency,ceilings",
};
var brokerEnv = new Option<string[]>("--broker-env")
{
    Description = "NAME=VALUE set for the Stormline broker process only (repeatable), e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0.",
    AllowMultipleArgumentsPerToken = false,
};

var root = new RootCommand(
    "Stormline benchmark suite: produce and consume throughput (100 B and 1 KiB, acks=all), end-to-end latency at 10,000 msg/s, " +
    "against Stormline's broker, Redis Streams and NATS JetStream, each as its own process on loopback; plus the loopback TCP ceiling and kcat -P.")
{
    quick, runs, output, peers, brokerDll, partitions, smallCount, largeCount, latencySeconds, noKcat, brokerEnv, workloads,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var dll = parse.GetValue(brokerDll)?.FullName ?? DefaultBrokerDll();
    var settings = parse.GetValue(quick) ? BenchSettings.ForQuick(dll) : new BenchSettings { BrokerDll = dll };
    settings = settings with
    {
        Repeats = parse.GetValue(runs) ?? settings.Repeats,
        Partitions = parse.GetValue(partitions),
        SmallCount = parse.GetValue(smallCount) ?? settings.SmallCount,
        LargeCount = parse.GetValue(largeCount) ?? settings.LargeCount,
        LatencyDuration = parse.GetValue(latencySeconds) is { } s ? TimeSpan.FromSeconds(s) : settings.LatencyDuration,
        KcatCount = parse.GetValue(noKcat) ? 0 : settings.KcatCount,
        Peers = new HashSet<string>(parse.GetValue(peers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase),
        OutputPath = parse.GetValue(output)?.FullName,
        Workloads = new HashSet<string>(parse.GetValue(workloads)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase),
        BrokerEnvironment = (parse.GetValue(brokerEnv) ?? []).Select(e => e.Split('=', 2)).Where(p => p.Length == 2 && p[0].Length > 0).ToDictionary(p => p[0], p => p[1]),
    };

    var machine = MachineInfo.Collect();
    Console.WriteLine($"{machine.Cores} cores, {machine.CpuModel}, {machine.Memory}, kernel {machine.Kernel}, {machine.DotNet}; load {MachineInfo.LoadAverage()}");
    var suite = new BenchSuite(settings, Console.Out);
    await suite.RunAsync(cancellationToken);

    var commandLine = "stormline-bench " + string.Join(' ', args);
    var markdown = new ResultReport(suite.Results, machine, commandLine.Trim(), suite.Loads, suite.ClientSettings).ToMarkdown();
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (settings.OutputPath is { } path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, markdown, cancellationToken);
        Console.WriteLine($"Results written to {path}");
    }

    return 0;
});

return await root.Parse(args).InvokeAsync();

static string DefaultBrokerDll()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Stormline.slnx")))
        {
            return Path.Combine(dir.FullName, "src", "Stormline.Cli", "bin", "Release", "net10.0", "stormline.dll");
        }
    }

    return Path.GetFullPath("src/Stormline.Cli/bin/Release/net10.0/stormline.dll");
}
