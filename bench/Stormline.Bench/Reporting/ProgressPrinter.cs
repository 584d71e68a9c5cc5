using System.Diagnostics;
using System.Globalization;
using Stormline.Bench.Measurement;

namespace Stormline.Bench.Reporting;

/// <summary>Prints a running count and rate once a second while a workload runs, so a long run shows it is alive.</summary>
public static class ProgressPrinter
{
    public static async Task<T> WatchAsync<T>(TextWriter output, string label, Func<ProgressCounter, Task<T>> run)
    {
        var counter = new ProgressCounter();
        output.WriteLine($"  {label} …");
        using var stop = new CancellationTokenSource();
        var printer = PrintAsync(output, label, counter, stop.Token);
        try
        {
            return await run(counter);
        }
        finally
        {
            await stop.CancelAsync();
            await printer;
        }
    }

    private static async Task PrintAsync(TextWriter output, string label, ProgressCounter counter, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long previous = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = counter.Value;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {label}: {now,12:N0} after {clock.Elapsed.TotalSeconds,4:0} s ({now - previous:N0}/s)"));
                previous = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
