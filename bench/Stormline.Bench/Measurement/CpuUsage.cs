using System.Globalization;

namespace Stormline.Bench.Measurement;

/// <summary>
/// CPU used during one measured interval, in percent of one core (a 2-core machine tops out at 200 %):
/// the server under test, this bench process (the clients), and the whole machine (which includes everything
/// else running on it, e.g. other engineers' builds). <see cref="ServerSeconds"/> and <see cref="ClientSeconds"/> are the
/// CPU seconds themselves, for a cost per message that does not depend on how busy the machine was.
/// </summary>
public readonly record struct CpuUsage(double ServerPercent, double ClientPercent, double MachinePercent, double ServerSeconds, double ClientSeconds)
{
    public double OthersPercent => Math.Max(0, MachinePercent - ServerPercent - ClientPercent);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"server {ServerPercent:0}% · bench {ClientPercent:0}% · others {OthersPercent:0}%");
}
