namespace Stormline.Ops.Collecting;

/// <summary>One topic config as DescribeConfigs reports it; <see cref="Source"/> is Kafka's config source name.</summary>
public sealed record TopicConfigEntry(string Name, string? Value, bool IsDefault, bool IsReadOnly, bool IsSensitive, string Source);
