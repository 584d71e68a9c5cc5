using Stormline.Clients;

namespace Stormline.Drift;

/// <summary>What a drift check (<c>stormline model drift</c>, the console's drift page) reads and how far.</summary>
public sealed class DriftOptions
{
    public required string Bootstrap { get; init; }

    /// <summary>The registry to compare subjects with; none skips the subject checks.</summary>
    public string? RegistryUrl { get; init; }

    public ClientProperties Clients { get; init; } = new();

    /// <summary>Records read from the end of each partition, at most.</summary>
    public int SamplePerPartition { get; init; } = 100;

    /// <summary>A group whose oldest unconsumed record is older than this has not committed for too long.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Bound on each request to the cluster, and on the whole sample read.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
}
