using Confluent.Kafka;

namespace Shop.Sample;

/// <summary>
/// The "service under test" of the sample: reads orders and publishes one confirmation per order with an idempotent
/// producer, committing each order's offset only after its confirmation is acknowledged.
/// </summary>
public sealed class OrderConfirmer(string bootstrapServers, string groupId)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            RetryBackoffMs = 50,
        }).Build();
        consumer.Subscribe("orders");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var order = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (order?.Message is null)
                {
                    continue;
                }

                await producer.ProduceAsync("confirmations", new Message<string, string> { Key = order.Message.Key, Value = $"confirmed {order.Message.Value}" }, cancellationToken);
                consumer.Commit(order);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }
}
