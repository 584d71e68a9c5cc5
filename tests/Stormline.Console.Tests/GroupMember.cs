using Confluent.Kafka;

namespace Stormline.OpsConsole.Tests;

/// <summary>A live member of a consumer group, for the actions Kafka allows only on an empty group.</summary>
internal static class GroupMember
{
    /// <summary>Joins <paramref name="group"/> on payment-events and commits offset 1 there; Close the consumer to leave.</summary>
    public static async Task<IConsumer<Ignore, Ignore>> JoinAsync(ConsoleFixture fixture, string group)
    {
        var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = fixture.Kafka.BootstrapServers, GroupId = group, AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe("payment-events");
        await Poll.UntilAsync(() => { consumer.Consume(100); return Task.FromResult(consumer.Assignment.Count > 0); }, "the consumer joins its group");
        consumer.Commit([new TopicPartitionOffset("payment-events", 0, 1)]);
        return consumer;
    }
}
