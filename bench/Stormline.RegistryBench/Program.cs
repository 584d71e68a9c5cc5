using System.Globalization;
using Stormline.Bench.Reporting;
using Stormline.Bench.Servers;
using Stormline.RegistryBench;

// Registry throughput and latency, the data-dir store against the Kafka-topic store in the same run (each registry its
// own `stormline registry` process; the topic store's broker its own `stormline broker` process), plus the Confluent
// client's cached look-up as the floor a serializer sees once warm. Usage: stormline-registry-bench STORMLINE_DLL [N]
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: stormline-registry-bench path/to/stormline.dll [registrations (default 1000)]; bench/registry.sh builds and passes it");
    return 2;
}

var cli = Path.GetFullPath(args[0]); // the servers run in their own temporary folders
var registrations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var lookups = registrations * 20;
var timeout = TimeSpan.FromSeconds(60);
string P(int port) => port.ToString(CultureInfo.InvariantCulture);

await using var broker = await ServerProcess.StartAsync("broker", "dotnet", (port, data) => [cli, "broker", "--port", P(port), "--data-dir", data], timeout);
await using var fileRegistry = await ServerProcess.StartAsync("registry-file", "dotnet", (port, data) => [cli, "registry", "--port", P(port), "--data-dir", data], timeout);
await using var topicRegistry = await ServerProcess.StartAsync("registry-topic", "dotnet", (port, _) =>
    [cli, "registry", "--port", P(port), "--bootstrap", $"127.0.0.1:{P(broker.Port)}", "--topic", "_schemas"], timeout);

var stores = new[] { ("data-dir store (fsync)", fileRegistry), ("Kafka-topic store (acks=all)", topicRegistry) };
var results = new Dictionary<string, List<(string Store, Latencies Result)>>();
void Record(string workload, string store, Latencies result)
{
    (results.TryGetValue(workload, out var list) ? list : results[workload] = []).Add((store, result));
    Console.Error.WriteLine($"{store,-30} {workload,-40} {result.PerSecond,10:N0}/s  p50 {result.Percentile(50),8:N0} µs  p99 {result.Percentile(99),8:N0} µs");
}

foreach (var (store, server) in stores)
{
    using var workloads = new RegistryWorkloads($"http://127.0.0.1:{P(server.Port)}", "warm");
    await Latencies.MeasureAsync(200, 4, i => workloads.RegisterAsync(i)); // JIT and connections, untimed
    await Latencies.MeasureAsync(2000, 4, i => workloads.GetByIdAsync(1 + (i % 200)));

    using var sequential = new RegistryWorkloads($"http://127.0.0.1:{P(server.Port)}", "seq");
    var ids = new List<int>();
    Record("register, 1 client", store, await Latencies.MeasureAsync(registrations, 1, async i => { var id = await sequential.RegisterAsync(i); lock (ids) { ids.Add(id); } }));
    using var parallel = new RegistryWorkloads($"http://127.0.0.1:{P(server.Port)}", "par");
    Record("register, 8 clients", store, await Latencies.MeasureAsync(registrations, 8, i => parallel.RegisterAsync(i)));
    Record("GET /schemas/ids/{id}, 1 client", store, await Latencies.MeasureAsync(lookups / 4, 1, i => sequential.GetByIdAsync(ids[i % ids.Count])));
    Record("GET /schemas/ids/{id}, 8 clients", store, await Latencies.MeasureAsync(lookups, 8, i => sequential.GetByIdAsync(ids[i % ids.Count])));
    Record("Confluent client, cached GetSchemaAsync", store, await RegistryWorkloads.CachedClientAsync($"http://127.0.0.1:{P(server.Port)}", ids, lookups * 10));
}

// The checker is the same whatever the store: measured once, on the data-dir registry.
var fileUrl = $"http://127.0.0.1:{P(fileRegistry.Port)}";
var transitive = await TransitiveCheck.MeasureAsync(fileUrl, "FULL_TRANSITIVE", history: 50, fields: 200, timed: 20);
var latestOnly = await TransitiveCheck.MeasureAsync(fileUrl, "BACKWARD", history: 50, fields: 200, timed: 20);
Console.Error.WriteLine($"200-field record, 50 versions: FULL_TRANSITIVE register p50 {transitive.Percentile(50):N0} µs, BACKWARD p50 {latestOnly.Percentile(50):N0} µs");

var machine = MachineInfo.Collect();
Console.WriteLine($"Machine: {machine.Cores} cores, {machine.CpuModel}, {machine.Memory}, {machine.OperatingSystem}, {machine.DotNet}; load average {MachineInfo.LoadAverage()}");
Console.WriteLine($"{registrations:N0} registrations per row (new schema, new subject: no compatibility check); look-ups spread over the registered ids.");
Console.WriteLine();
Console.WriteLine($"| workload | {stores[0].Item1} | {stores[1].Item1} | topic / data-dir |");
Console.WriteLine("| --- | --- | --- | --- |");
foreach (var (workload, row) in results)
{
    var (file, topic) = (row[0].Result, row[1].Result);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {workload} | {file.PerSecond:N0}/s, p50 {file.Percentile(50):N0} µs, p99 {file.Percentile(99):N0} µs | {topic.PerSecond:N0}/s, p50 {topic.Percentile(50):N0} µs, p99 {topic.Percentile(99):N0} µs | {topic.PerSecond / file.PerSecond:0.00}× |"));
}

Console.WriteLine();
Console.WriteLine("| compatibility check, 200-field Avro record with 50 versions (data-dir store; registration timed, 20 samples) | p50 | p99 |");
Console.WriteLine("| --- | --- | --- |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| FULL_TRANSITIVE: both directions against all 50+ versions | {transitive.Percentile(50) / 1000:0.0} ms | {transitive.Percentile(99) / 1000:0.0} ms |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| BACKWARD (peer): the latest version only | {latestOnly.Percentile(50) / 1000:0.0} ms | {latestOnly.Percentile(99) / 1000:0.0} ms |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ratio FULL_TRANSITIVE / BACKWARD | {transitive.Percentile(50) / latestOnly.Percentile(50):0.0}× | |"));
return 0;
