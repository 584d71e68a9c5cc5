namespace Stormline.Testing;

/// <summary>A topic the kit creates before <see cref="StormlineKafka.StartAsync"/> returns.</summary>
public sealed record TopicSpec(string Name, int Partitions = 1);
