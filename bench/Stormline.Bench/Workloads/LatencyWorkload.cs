using System.Diagnostics;
using Stormline.Bench.Measurement;
using Stormline.Bench.Targets;

namespace Stormline.Bench.Workloads;

/// <summary>
/// End-to-end latency at a fixed rate: one thread sends stamped values on schedule (the deficit is sent every
/// ~1 ms, so at 10,000 msg/s about 10 at a time), a consumer in the same process records receive − send.
/// One message is sent and received first, so that the consumer's start-up (librdkafka, for one, waits up to
/// 0.5 s before it looks up the start offset) is not measured; the warm-up's samples are dropped too.
/// </summary>
public static class LatencyWorkload
{
    public static async Task<(LatencySummary Summary, long Sent, double SentPerSecond, long Failed, long Lost, CpuUsage Cpu, LatencyRecorder Recorder)> RunAsync(
        ILatencyProbe probe, Func<TimeSpan> serverCpu, int rate, int valueSize, TimeSpan warmup, TimeSpan duration, ProgressCounter progress)
    {
        var total = (long)(rate * (warmup + duration).TotalSeconds);
        var recorder = new LatencyRecorder((int)(rate * duration.TotalSeconds) + 1024);
        using var stopConsumer = new CancellationTokenSource();
        var consumer = probe.ConsumeAsync(recorder, stopConsumer.Token);
        probe.Send(Payload.Stamped(valueSize));
        var readyBy = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (recorder.Received == 0 && Stopwatch.GetTimestamp() < readyBy && !consumer.IsCompleted)
        {
            await Task.Delay(5);
        }

        if (recorder.Received == 0)
        {
            await stopConsumer.CancelAsync();
            await consumer;
            throw new TimeoutException("the latency consumer received nothing within 30 s of the first send");
        }

        var start = Stopwatch.GetTimestamp();
        var warmupEnds = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        recorder.WarmupEndsAt = warmupEnds;
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
        // + 1: the start-up message.
        while (recorder.Received < sentTotal + 1 - failed && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(10);
        }

        var cpu = meter.Stop();
        await stopConsumer.CancelAsync();
        await consumer;
        return (recorder.Summarize(), sentTotal, measuredSent / sendSeconds, failed, sentTotal + 1 - failed - recorder.Received, cpu, recorder);
    }
}
