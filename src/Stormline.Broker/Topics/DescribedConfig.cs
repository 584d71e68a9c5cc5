namespace Stormline.Broker.Topics;

/// <summary>One config as DescribeConfigs reports it: the effective value, where it came from, and its synonyms.</summary>
public sealed record DescribedConfig(
    string Name,
    string? Value,
    ConfigSource Source,
    bool ReadOnly,
    bool Sensitive,
    IReadOnlyList<ConfigSynonym> Synonyms)
{
    public bool IsDefault => Source == ConfigSource.DefaultConfig;
}
