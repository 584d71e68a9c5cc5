using Stormline.Bench.Measurement;
using Stormline.Bench.Reporting;
using Stormline.Bench.Servers;
using Stormline.Bench.Targets;
using Stormline.Bench.Workloads;

namespace Stormline.Bench.Suite;

/// <summary>
/// Starts each server under test as its own process, then runs every workload against every system, interleaved
/// (produce and read back one size on each system in turn, then the next size, then latency), so that noise from
/// other work on the machine spreads over all systems alike; the whole sequence repeats <see cref="BenchSettings.Repeats"/> times.
/// </summary>
public sealed class BenchSuite(BenchSettings settings, TextWriter output)
{
    private const int LatencyValueSize = 100;

    /// <summary>Latency runs count the messages slower than this, to tell one stall from a broad tail.</summary>
    private const int StallMs = 20;

    private readonly List<WorkloadResult> _results = [];
    private readonly List<(string Time, string Load)> _loads = [];
    private readonly List<(string System, string Settings)> _clientSettings = [];

    public IReadOnlyList<WorkloadResult> Results => _results;

    public IReadOnlyList<(string Time, string Load)> Loads => _loads;

    public IReadOnlyList<(string System, string Settings)> ClientSettings => _clientSettings;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        NoteLoad("start");
        var targets = new List<IMessagingTarget>();
        try
        {
            await StartTargetsAsync(targets);
            for (var run = 1; run <= settings.Repeats; run++)
            {
                output.WriteLine($"== run {run} of {settings.Repeats} (load {MachineInfo.LoadAverage()})");
                foreach (var (size, count) in settings.Workloads.Contains("throughput") ? [(100, settings.SmallCount), (1024, settings.LargeCount)] : Array.Empty<(int, int)>())
                {
                    foreach (var target in targets)
                    {
                        await ProduceAndConsumeAsync(target, run, size, count, cancellationToken);
                    }
                }

                foreach (var target in settings.Workloads.Contains("latency") ? targets : [])
                {
                    await LatencyAsync(target, run, cancellationToken);
                }

                if (!settings.Workloads.Contains("ceilings"))
                {
                    continue;
                }

                await LoopbackAsync(run);
                if (targets.OfType<KafkaTarget>().FirstOrDefault() is { } kafka && settings.KcatCount > 0 && KcatWorkload.IsInstalled)
                {
                    await KcatAsync(kafka, run, 100, settings.KcatCount, cancellationToken);
                    await KcatAsync(kafka, run, 1024, settings.LargeCount, cancellationToken);
                }
            }
        }
        finally
        {
            NoteLoad("end");
            foreach (var target in targets)
            {
                await target.DisposeAsync();
                await target.Server.DisposeAsync();
            }
        }
    }

    private void NoteLoad(string when) => _loads.Add(($"{when} {DateTime.Now:HH:mm:ss}", MachineInfo.LoadAverage()));

    private async Task StartTargetsAsync(List<IMessagingTarget> targets)
    {
        if (settings.Peers.Contains("stormline"))
        {
            if (!File.Exists(settings.BrokerDll))
            {
                throw new FileNotFoundException($"No broker build at {settings.BrokerDll}; run `dotnet build src/Stormline.Cli -c Release` or pass --broker-dll.");
            }

            var environment = string.Concat(settings.BrokerEnvironment.Select(e => $"{e.Key}={e.Value} "));
            output.WriteLine($"Starting Stormline's broker: {environment}dotnet {settings.BrokerDll} broker …");
            var server = await PeerServers.StartStormlineAsync(settings.BrokerDll, settings.BrokerEnvironment);
            targets.Add(new KafkaTarget(WorkloadNames.Stormline, server, settings.Partitions));
        }

        if (settings.Peers.Contains("redis"))
        {
            output.WriteLine("Starting redis-server …");
            targets.Add(await RedisStreamsTarget.ConnectAsync(await PeerServers.StartRedisAsync()));
        }

        if (settings.Peers.Contains("nats"))
        {
            output.WriteLine("Starting nats-server -js …");
            targets.Add(await JetStreamTarget.ConnectAsync(await PeerServers.StartNatsAsync()));
        }

        foreach (var target in targets)
        {
            output.WriteLine($"  {target.Name}: pid {target.Server.ProcessId}, port {target.Server.Port}, data in {target.Server.Directory}");
            var broker = target is KafkaTarget && settings.BrokerEnvironment.Count > 0
                ? $" Broker environment: {string.Join(' ', settings.BrokerEnvironment.Select(e => $"{e.Key}={e.Value}"))}."
                : "";
            _clientSettings.Add((target.Name, target.ClientSettings + broker));
        }

        if (targets.OfType<KafkaTarget>().Any() && KcatWorkload.IsInstalled && settings.KcatCount > 0)
        {
            _clientSettings.Add(("kcat", KcatWorkload.CommandLine("127.0.0.1:PORT", "TOPIC", "FILE") + $" ({settings.KcatCount:N0} lines of 100 B, {settings.LargeCount:N0} of 1 KiB; kcat's own CPU counts under others)"));
        }
    }

    private static void Settle()
    {
        // Start each measured window without garbage left over from the one before.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private async Task ProduceAndConsumeAsync(IMessagingTarget target, int run, int size, int count, CancellationToken cancellationToken)
    {
        var stream = $"bench-{size}-r{run}";
        await target.PrepareAsync(stream, cancellationToken);
        Settle();
        var payload = Payload.Filler(size);
        var produced = await ProgressPrinter.WatchAsync(output, $"{target.Name} {WorkloadNames.Produce(size)}", counter =>
            target.ProduceAsync(stream, payload, count, settings.ProduceCap, counter, cancellationToken));
        Add(WorkloadNames.Produce(size), target.Name, run, produced);

        Settle();
        var consumed = await ProgressPrinter.WatchAsync(output, $"{target.Name} {WorkloadNames.Consume(size)}", counter =>
            target.ConsumeAsync(stream, produced.Messages, counter, cancellationToken));
        Add(WorkloadNames.Consume(size), target.Name, run, consumed);
        await target.ReleaseAsync(stream, cancellationToken);
    }

    private async Task LatencyAsync(IMessagingTarget target, int run, CancellationToken cancellationToken)
    {
        var stream = $"bench-latency-r{run}";
        await target.PrepareAsync(stream, cancellationToken);
        Settle();
        await using var probe = await target.OpenLatencyProbeAsync(stream, cancellationToken);
        var workload = WorkloadNames.Latency(LatencyValueSize, settings.LatencyRate);
        var outcome = await ProgressPrinter.WatchAsync(output, $"{target.Name} {workload}", counter =>
            LatencyWorkload.RunAsync(probe, () => target.Server.CpuTime, settings.LatencyRate, LatencyValueSize, settings.LatencyWarmup, settings.LatencyDuration, counter));
        var notes = new List<string>();
        if (outcome.Failed > 0)
        {
            notes.Add($"{outcome.Failed:N0} sends failed");
        }

        if (outcome.Recorder.CountOver(StallMs) is var stalled and > 0)
        {
            notes.Add($"{stalled:N0} over {StallMs} ms; slowest sent {outcome.Recorder.WorstSentAfterWarmupSeconds:0.00} s into the window");
        }

        if (outcome.Lost > 0)
        {
            notes.Add($"{outcome.Lost:N0} not received within 5 s of the last send");
        }

        var result = new WorkloadResult
        {
            Workload = workload,
            System = target.Name,
            Run = run,
            Messages = outcome.Summary.Samples,
            Bytes = (long)outcome.Summary.Samples * LatencyValueSize,
            Elapsed = settings.LatencyDuration,
            Cpu = outcome.Cpu,
            Latency = outcome.Summary,
            SentPerSecond = outcome.SentPerSecond,
            Note = notes.Count == 0 ? null : string.Join("; ", notes),
        };
        _results.Add(result);
        var l = outcome.Summary;
        output.WriteLine($"  → {target.Name}: p50 {l.P50Ms:0.00} ms, p99 {l.P99Ms:0.00} ms, p99.9 {l.P999Ms:0.00} ms, max {l.MaxMs:0.00} ms over {l.Samples:N0} samples at {outcome.SentPerSecond:N0} msg/s; {outcome.Cpu} {result.Note}");
        await target.ReleaseAsync(stream, cancellationToken);
    }

    private async Task LoopbackAsync(int run)
    {
        output.WriteLine($"  {WorkloadNames.Loopback} …");
        Settle();
        var outcome = await LoopbackWorkload.RunAsync(settings.LoopbackDuration);
        Add(WorkloadNames.Loopback, "kernel (bench process both ends)", run, outcome);
    }

    private async Task KcatAsync(KafkaTarget kafka, int run, int size, int count, CancellationToken cancellationToken)
    {
        output.WriteLine($"  {WorkloadNames.Kcat(size)} → {kafka.Name} …");
        var outcome = await KcatWorkload.RunAsync(kafka, $"bench-kcat-{size}-r{run}", count, size, cancellationToken);
        Add(WorkloadNames.Kcat(size), kafka.Name, run, outcome);
    }

    private void Add(string workload, string system, int run, TransferOutcome outcome)
    {
        var result = new WorkloadResult
        {
            Workload = workload,
            System = system,
            Run = run,
            Messages = outcome.Messages,
            Bytes = outcome.Bytes,
            Elapsed = outcome.Elapsed,
            Cpu = outcome.Cpu,
            Note = outcome.Note,
        };
        _results.Add(result);
        output.WriteLine($"  → {system} {workload}: {result.MessagesPerSecond:N0} msg/s, {result.MegabytesPerSecond:N1} MB/s ({result.Messages:N0} in {result.Elapsed.TotalSeconds:0.00} s); {outcome.Cpu}; server {result.ServerMicrosPerMessage:0.00} µs/msg, bench {result.ClientMicrosPerMessage:0.00} µs/msg {outcome.Note}");
    }
}
