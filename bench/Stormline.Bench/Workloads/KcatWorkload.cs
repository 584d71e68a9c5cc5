using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Stormline.Bench.Measurement;
using Stormline.Bench.Targets;

namespace Stormline.Bench.Workloads;

/// <summary>
/// A second Kafka client: <c>kcat -P</c> (librdkafka in C, no .NET in the client path) sends a file of 100-byte lines
/// with the same producer settings; the count is checked against the topic's high watermark afterwards.
/// </summary>
public static class KcatWorkload
{
    public static readonly string[] ProducerSettings =
    [
        "acks=all", "enable.idempotence=true", "linger.ms=5", "batch.size=1000000", "batch.num.messages=1000000",
        "queue.buffering.max.messages=1000000", "queue.buffering.max.kbytes=1048576",
    ];

    public static bool IsInstalled => File.Exists("/usr/bin/kcat");

    public static string CommandLine(string bootstrap, string topic, string file) =>
        $"kcat -P -b {bootstrap} -t {topic} {string.Join(' ', ProducerSettings.Select(s => "-X " + s))} -l {file}";

    public static async Task<TransferOutcome> RunAsync(KafkaTarget target, string topic, int count, int valueSize, CancellationToken cancellationToken)
    {
        await target.PrepareAsync(topic, cancellationToken);
        var file = Path.Combine(target.Server.Directory, $"{topic}.lines");
        var line = new string('k', valueSize);
        await using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < count; i++)
            {
                await writer.WriteAsync(line);
                await writer.WriteAsync('\n');
            }
        }

        var info = new ProcessStartInfo("kcat") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-P", "-b", target.Bootstrap, "-t", topic }.Concat(ProducerSettings.SelectMany(s => new[] { "-X", s })).Concat(["-l", file]))
        {
            info.ArgumentList.Add(arg);
        }

        var meter = CpuMeter.Start(() => target.Server.CpuTime);
        using var kcat = Process.Start(info) ?? throw new InvalidOperationException("kcat did not start");
        var errors = kcat.StandardError.ReadToEndAsync(cancellationToken);
        await kcat.WaitForExitAsync(cancellationToken);
        var elapsed = meter.Elapsed;
        var cpu = meter.Stop();
        File.Delete(file);

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClientConfigs.Consumer(target.Bootstrap)).Build();
        long stored = 0;
        for (var p = 0; p < target.Partitions; p++)
        {
            stored += consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
        }

        var stderr = (await errors).Trim();
        string? note = null;
        if (kcat.ExitCode != 0 || stored != count)
        {
            note = string.Create(CultureInfo.InvariantCulture, $"kcat exit {kcat.ExitCode}, {stored:N0} of {count:N0} stored {stderr}").Trim();
        }

        return new TransferOutcome(stored, stored * valueSize, elapsed, cpu, count - stored, note);
    }
}
