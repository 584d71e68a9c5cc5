using Stormline.Model.Generation;

namespace Stormline.Model.Tests.Generation;

public sealed class TopicPlannerTests
{
    [Fact]
    public void Shop_gets_an_event_topic_and_a_dead_letter_topic_per_context()
    {
        var plan = TopicPlanner.Plan(ModelText.Shop(), new TopicPlanOptions());

        Assert.Equal(["order-events", "order-events.dlq", "payment-events", "payment-events.dlq", "delivery-events", "delivery-events.dlq"], plan.Topics.Select(t => t.Name));
        var order = plan.Topics[0];
        Assert.Equal(("Order", "orderId"), (order.Key.Single().Aggregate, order.Key.Single().Field));
        Assert.Contains(order.Events, e => e.Subject == "order-events-OrderCreated");
        Assert.Equal("604800000", order.Config["retention.ms"]);
        Assert.Equal("2592000000", plan.Topics[2].Config["retention.ms"]);
        Assert.Equal("2", order.Config["min.insync.replicas"]);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(450, 5)]
    [InlineData(2000, 20)]
    public void Partitions_follow_the_larger_of_producer_and_consumer_need(double eventsPerSecond, int partitions)
    {
        var model = ModelText.Parse($$"""
            system: s
            contexts:
              order:
                topic: { eventsPerSecond: {{eventsPerSecond}} }
            """);

        Assert.Equal(partitions, TopicPlanner.Plan(model, new TopicPlanOptions()).Topics[0].Partitions);
    }

    [Fact]
    public void Per_partition_figures_are_options_and_an_explicit_count_wins()
    {
        var model = ModelText.Parse("""
            system: s
            contexts:
              order:
                topic: { eventsPerSecond: 500 }
              audit:
                topic: { eventsPerSecond: 500, partitions: 2, retention: forever, cleanupPolicy: compact }
            """);

        var plan = TopicPlanner.Plan(model, new TopicPlanOptions { ConsumerEventsPerPartition = 50, ProducerEventsPerPartition = 100, MinPartitions = 1, ReplicationFactor = 1 });

        Assert.Equal(10, plan.Topics[0].Partitions);
        Assert.Equal("1", plan.Topics[0].Config["min.insync.replicas"]);
        Assert.Equal((2, "-1", "compact"), (plan.Topics[2].Partitions, plan.Topics[2].Config["retention.ms"], plan.Topics[2].Config["cleanup.policy"]));
    }
}
