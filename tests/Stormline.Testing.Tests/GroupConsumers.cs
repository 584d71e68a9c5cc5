using Confluent.Kafka;

namespace Stormline.Testing.Tests;

/// <summary>A consumer in a group, from the earliest offset, committing only when the test says so.</summary>
internal static class GroupConsumers
{
    public static IConsumer<string, string> Subscribed(StormlineKafka kafka, string group, string topic)
    {
        var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        return consumer;
    }
}
