namespace Stormline.Testing.Tests;

/// <summary>The assembly's one shared kit, as a user's test assembly would declare it.</summary>
public sealed class SharedKafka : StormlineKafkaFixture
{
    protected override void Configure(StormlineKafkaOptions options) => options.Topics.Add(new TopicSpec("shared-up-front", 2));
}
