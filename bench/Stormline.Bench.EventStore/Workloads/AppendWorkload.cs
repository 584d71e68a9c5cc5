using System.Diagnostics;
using Stormline.Bench.EventStore.Reporting;
using Stormline.Bench.EventStore.Targets;

namespace Stormline.Bench.EventStore.Workloads;

/// <summary>
/// <paramref name="Appends"/> appends of <paramref name="BatchSize"/> events each, spread round-robin over
/// <paramref name="Streams"/> new streams, by <paramref name="Writers"/> concurrent writers. Each writer owns the
/// streams i ≡ w (mod writers), so writers never conflict on a stream, only on the store; every append states the
/// stream's exact expected version. <paramref name="Prefix"/> keeps each run's streams apart.
/// </summary>
public sealed record AppendWorkload(string Label, string Prefix, int Appends, int Streams, int BatchSize, int Writers)
{
    public int Events => Appends * BatchSize;

    public async Task<AppendResult> Run(IEventStoreTarget target, TextWriter log, CancellationToken cancellationToken)
    {
        if (Appends % Streams != 0) throw new ArgumentException("Appends must be a multiple of streams.");
        var perStream = Appends / Streams;
        var progress = new ProgressCounter();
        var clock = Stopwatch.StartNew();
        using var printer = new ProgressPrinter(log, $"{target.Name,-22} {Label}", progress, Appends, clock);

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < perStream; round++)
            {
                for (var s = w; s < Streams; s += Writers)
                {
                    var account = $"{Prefix}{s}";
                    var existing = round * BatchSize;
                    await target.Append(account, existing, EventFactory.Events(account, existing, BatchSize), cancellationToken);
                    progress.Add();
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(writers);
        clock.Stop();
        printer.Finish();
        return new AppendResult(target.Name, this, clock.Elapsed);
    }
}
