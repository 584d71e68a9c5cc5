using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>
/// What the team expects of a context's topic; the topic plan derives partitions and configs from it.
/// <see cref="RetentionMs"/> is -1 for "keep forever", as Kafka's <c>retention.ms</c>.
/// </summary>
public sealed record TopicHints(double? EventsPerSecond, long? RetentionMs, int? Partitions, string? CleanupPolicy, SourceLocation Location);
