using Stormline.Model.Generation;
using Stormline.Model.Topics;

namespace Stormline.Model.Tests.Topics;

public sealed class BrokerCapTests
{
    private static readonly TopicPlan Shop = TopicPlanner.Plan(ModelText.Shop(), new TopicPlanOptions());

    [Fact]
    public void A_single_broker_caps_replication_and_min_insync_replicas_with_one_warning_each()
    {
        var (plan, warnings) = BrokerCap.Apply(Shop, 1);

        Assert.All(plan.Topics, t => Assert.Equal((1, "1"), (t.ReplicationFactor, t.Config["min.insync.replicas"])));
        Assert.Equal(
        [
            "replication factor 3 capped at 1, the cluster's broker count (order-events, order-events.dlq, payment-events, payment-events.dlq, delivery-events, delivery-events.dlq)",
            "min.insync.replicas 2 capped at the capped replication factor (order-events, order-events.dlq, payment-events, payment-events.dlq, delivery-events, delivery-events.dlq)",
        ], warnings);
    }

    [Fact]
    public void Two_brokers_cap_replication_only()
    {
        var (plan, warnings) = BrokerCap.Apply(Shop, 2);

        Assert.All(plan.Topics, t => Assert.Equal((2, "2"), (t.ReplicationFactor, t.Config["min.insync.replicas"])));
        Assert.Single(warnings);
    }

    [Fact]
    public void Enough_brokers_leave_the_plan_as_it_is()
    {
        var (plan, warnings) = BrokerCap.Apply(Shop, 3);

        Assert.Empty(warnings);
        Assert.Equal(Shop.Topics.Select(t => (t.ReplicationFactor, t.Config["min.insync.replicas"])), plan.Topics.Select(t => (t.ReplicationFactor, t.Config["min.insync.replicas"])));
    }
}
