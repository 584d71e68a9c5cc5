namespace Stormline.Ops.Tests.Metrics;

/// <summary>
/// Tests that start an ops host and read its metrics run one at a time: every collector's instruments live on a meter
/// named <c>Stormline.Ops</c>, and a host's meter provider subscribes by that name, so a second host polling the shared
/// broker at the same moment adds its own series for the same groups to the first host's scrape.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpsHostCollection
{
    public const string Name = "ops host";
}
