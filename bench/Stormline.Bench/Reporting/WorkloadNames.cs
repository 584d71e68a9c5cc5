using System.Globalization;

namespace Stormline.Bench.Reporting;

/// <summary>The names results are grouped under, shared by the suite and the report.</summary>
public static class WorkloadNames
{
    public const string Stormline = "Stormline";

    public const string Loopback = "loopback TCP, 1 stream, 1 MiB writes";

    public static string Produce(int size) => $"produce {Size(size)}";

    public static string Consume(int size) => $"consume {Size(size)}";

    public static string Latency(int size, int rate) => string.Create(CultureInfo.InvariantCulture, $"end-to-end latency {Size(size)} @ {rate:N0} msg/s");

    public static string Kcat(int size) => $"kcat -P {Size(size)}";

    public static string Size(int bytes) => bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} B";
}
