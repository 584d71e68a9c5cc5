using Stormline.Testing;

namespace Stormline.Ops.Tests;

/// <summary>One embedded broker for the assembly; each test names its own topics and groups with <see cref="TopicPrefix"/>.</summary>
public sealed class SharedKafka : StormlineKafkaFixture;
