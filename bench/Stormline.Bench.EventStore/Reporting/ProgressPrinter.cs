using System.Diagnostics;

namespace Stormline.Bench.EventStore.Reporting;

/// <summary>Prints "done/total, rate" every two seconds while a workload runs, then its final line.</summary>
public sealed class ProgressPrinter : IDisposable
{
    private readonly TextWriter _log;
    private readonly string _label;
    private readonly ProgressCounter _counter;
    private readonly long _total;
    private readonly Stopwatch _clock;
    private readonly Timer _timer;

    public ProgressPrinter(TextWriter log, string label, ProgressCounter counter, long total, Stopwatch clock)
    {
        _log = log;
        _label = label;
        _counter = counter;
        _total = total;
        _clock = clock;
        _timer = new Timer(_ => Print("…"), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    public void Finish()
    {
        _timer.Dispose();
        Print("done");
    }

    public void Dispose() => _timer.Dispose();

    private void Print(string state)
    {
        var done = _counter.Count;
        var seconds = _clock.Elapsed.TotalSeconds;
        _log.WriteLine($"{_label}: {done,9:N0}/{_total:N0} appends, {done / Math.Max(seconds, 1e-9),9:N0}/s, {seconds,6:F1} s {state}");
    }
}
