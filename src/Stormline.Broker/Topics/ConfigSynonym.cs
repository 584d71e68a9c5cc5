namespace Stormline.Broker.Topics;

/// <summary>One place a config's value can come from, in precedence order (DescribeConfigs v1 synonyms).</summary>
public sealed record ConfigSynonym(string Name, string? Value, ConfigSource Source);
