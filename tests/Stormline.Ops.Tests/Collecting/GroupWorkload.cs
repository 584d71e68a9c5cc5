using Confluent.Kafka;

namespace Stormline.Ops.Tests.Collecting;

/// <summary>A real consumer in a group that reads and commits a given number of records, then stays a member.</summary>
internal sealed class GroupWorkload : IDisposable
{
    private readonly IConsumer<string, string> _consumer;

    public GroupWorkload(string bootstrap, string group, string topic)
    {
        _consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            ClientId = "workload",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        _consumer.Subscribe(topic);
    }

    /// <summary>Consumes and commits <paramref name="count"/> records (fails after a generous deadline).</summary>
    public void ConsumeAndCommit(int count)
    {
        var read = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (read < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"read only {read} of {count} records in 30 s");
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is not null)
            {
                _consumer.Commit(result);
                read++;
            }
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
