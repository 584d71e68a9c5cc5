using Stormline.Bench.KitStartup;

// How long a test waits for Kafka: the kit in-process (StartAsync → first record acknowledged), a 50-test class on
// one shared kit, and `stormline broker` started as a process (spawn → port open → first record acknowledged).
var runs = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 15;
var cli = args.Length > 1 ? args[1] : Path.GetFullPath("src/Stormline.Cli/bin/Release/net10.0/stormline.dll");
if (!File.Exists(cli))
{
    Console.Error.WriteLine($"{cli} not found: build it first (dotnet build src/Stormline.Cli -c Release) or pass its path as the second argument.");
    return 2;
}

Console.WriteLine($"kit start-up benchmark: {runs} runs each, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
await FirstRecord.InProcessAsync(); // warm-up: JIT and librdkafka load are paid once per test process, not per kit

var inProcess = new List<double>();
for (var i = 0; i < runs; i++)
{
    inProcess.Add(await FirstRecord.InProcessAsync());
    Console.Write($"\r  in-process kit {i + 1}/{runs}");
}

Console.WriteLine();
var shared = new List<double>();
for (var i = 0; i < Math.Max(3, runs / 5); i++)
{
    shared.Add(await FirstRecord.SharedKitClassAsync(tests: 50));
    Console.Write($"\r  50 tests on one shared kit {i + 1}");
}

Console.WriteLine();
var process = new List<double>();
for (var i = 0; i < runs; i++)
{
    process.Add(await FirstRecord.BrokerProcessAsync(cli));
    Console.Write($"\r  stormline broker process {i + 1}/{runs}");
}

Console.WriteLine();
Console.WriteLine();
Console.WriteLine("| what | median ms | p90 ms | min ms |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Row("in-process kit: StartAsync → first record acknowledged", inProcess);
Row("50-test class on one shared kit (start, then per test: create topic, produce, consume one)", shared);
Row("`stormline broker` process: spawn → first record acknowledged", process);
Console.WriteLine();
Console.WriteLine($"ratio (process / in-process, medians): {Median(process) / Median(inProcess):0.0}×");
return 0;

static void Row(string what, List<double> ms) =>
    Console.WriteLine($"| {what} | {Median(ms):0} | {Percentile(ms, 0.9):0} | {ms.Min():0} |");

static double Median(List<double> ms) => Percentile(ms, 0.5);

static double Percentile(List<double> ms, double p)
{
    var sorted = ms.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
}
