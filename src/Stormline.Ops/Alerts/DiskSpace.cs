namespace Stormline.Ops.Alerts;

/// <summary>Free and total bytes of the volume holding a broker's data directory.</summary>
public sealed record DiskSpace(string Path, long FreeBytes, long TotalBytes)
{
    public double FreeRatio => TotalBytes <= 0 ? 1 : FreeBytes / (double)TotalBytes;
}
