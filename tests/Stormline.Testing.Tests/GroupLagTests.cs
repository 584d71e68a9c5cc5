using Confluent.Kafka;

namespace Stormline.Testing.Tests;

public sealed class GroupLagTests(SharedKafka shared)
{
    [Fact]
    public async Task Lag_reaches_zero_once_the_group_has_committed_everything()
    {
        var kafka = shared.Kafka;
        var topic = TopicPrefix.Name("lag");
        var group = topic + "group";
        await kafka.CreateTopicsAsync([new TopicSpec(topic, 2)]);
        for (var i = 0; i < 10; i++)
        {
            await kafka.ProduceAsync(topic, $"k{i}", $"v{i}");
        }

        // Before anyone commits the wait must not pass.
        await Assert.ThrowsAsync<TimeoutException>(() => kafka.WaitForGroupLagAsync(group, 0, TimeSpan.FromMilliseconds(300)));

        using var consumer = GroupConsumers.Subscribed(kafka, group, topic);
        var read = 0;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (read < 10 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is not null)
            {
                consumer.Commit(result);
                read++;
            }
        }

        Assert.Equal(10, read);
        await kafka.WaitForGroupLagAsync(group, 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, await kafka.GetGroupLagAsync(group));
        consumer.Close();
    }
}
