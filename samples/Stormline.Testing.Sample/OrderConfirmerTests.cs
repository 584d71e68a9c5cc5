using Shop.Sample;
using Stormline.Broker.Protocol;
using Stormline.Testing;

namespace Shop.Sample.Tests;

/// <summary>A user's test class, written against the Stormline.Testing package alone.</summary>
public sealed class OrderConfirmerTests
{
    private static async Task<StormlineKafka> StartAsync()
    {
        var options = new StormlineKafkaOptions();
        options.Topics.Add(new TopicSpec("orders", 3));
        options.Topics.Add(new TopicSpec("confirmations", 3));
        return await StormlineKafka.StartAsync(options);
    }

    private static async Task RunConfirmer(StormlineKafka kafka, string group, Func<Task> whileRunning)
    {
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => new OrderConfirmer(kafka.BootstrapServers, group).RunAsync(stop.Token));
        try
        {
            await whileRunning();
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task Every_order_is_confirmed_once()
    {
        await using var kafka = await StartAsync();
        await RunConfirmer(kafka, "confirmer", async () =>
        {
            foreach (var id in new[] { "o-1", "o-2", "o-3" })
            {
                await kafka.ProduceAsync("orders", id, id);
            }

            await kafka.WaitForGroupLagAsync("confirmer", 0, TimeSpan.FromSeconds(30));
        });

        var confirmations = kafka.ConsumeUntilIdle("confirmations", TimeSpan.FromMilliseconds(500));
        Assert.Equal(["confirmed o-1", "confirmed o-2", "confirmed o-3"], confirmations.Select(c => c.Value).Order());
    }

    [Fact]
    public async Task Leader_changes_during_produce_lose_and_double_nothing()
    {
        if (!(await StartAsync() is { IsEmbedded: true } kafka))
        {
            Assert.Fail("This test injects faults: run it against the embedded broker (unset STORMLINE_TEST_BOOTSTRAP).");
            return;
        }

        await using (kafka)
        {
            kafka.Faults.FailNext(ApiKey.Produce, 3, errorCode: 6); // NOT_LEADER_OR_FOLLOWER
            await RunConfirmer(kafka, "confirmer", async () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await kafka.ProduceAsync("orders", $"o-{i}", $"o-{i}");
                }

                await kafka.WaitForGroupLagAsync("confirmer", 0, TimeSpan.FromSeconds(30));
            });

            Assert.Equal(0, kafka.Faults.Remaining(ApiKey.Produce));
            var confirmations = kafka.ConsumeUntilIdle("confirmations", TimeSpan.FromMilliseconds(500)).Select(c => c.Value).ToList();
            Assert.Equal(10, confirmations.Count);
            Assert.Equal(10, confirmations.Distinct().Count());
        }
    }
}
