using System.Diagnostics;
using Stormline.Bench.Measurement;
using Stormline.Bench.Targets;

namespace Stormline.Bench.Workloads;

/// <summary>
/// End-to-end latency at a fixed rate: one thread sends stamped values on schedule (the deficit is sent every
/// ~1 ms, so at 10,000 msg/s about 10 at a time), a consumer in the same process records receive − send.
/// The warm-up's samples are dropped.
/// </summary>
public static class LatencyWorkload
{
    public static async Task<(LatencySummary Summary, long Sent, double SentPerSecond, long Failed, long Lost, CpuUsage Cpu, LatencyRecorder Recorder)> RunAsync(
        ILatencyProbe probe, Func<TimeSpan> serverCpu, int rate, int valueSize, TimeSpan warmup, TimeSpan duration, ProgressCounter progress)
    {
        var total = (long)(rate * (warmup + duration).TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        var warmupEnds = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var recorder = new LatencyRecorder(warmupEnds, (int)(rate * duration.TotalSeconds) + 1024);
        using var stopConsumer = new CancellationTokenSource();
        var consumer = probe.ConsumeAsync(recorder, stopConsumer.Token);
        var meter = CpuMeter.Start(serverCpu);
        var measuredSent = 0L;
        var sender = Task.Factory.StartNew(
            () =>
            {
                long sent = 0;
                while (sent < total)
                {
                    var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
                    for (; sent < due; sent++)
                    {
                        probe.Send(Payload.Stamped(valueSize));
                        if (Stopwatch.GetTimestamp() >= warmupEnds)
                        {
                            measuredSent++;
                        }
                    }

                    progress.Add(due - progress.Value);
                    Thread.Sleep(1);
                }

                return sent;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var sentTotal = await sender;
        var sendSeconds = Stopwatch.GetElapsedTime(warmupEnds).TotalSeconds;
        var failed = await probe.DrainAsync();
        var waitUntil = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (recorder.Received < sentTotal - failed && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(10);
        }

        var cpu = meter.Stop();
        await stopConsumer.CancelAsync();
        await consumer;
        return (recorder.Summarize(), sentTotal, measuredSent / sendSeconds, failed, sentTotal - failed - recorder.Received, cpu, recorder);
    }
}
