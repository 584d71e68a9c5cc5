using System.Diagnostics;

namespace Stormline.Testing.Tests;

/// <summary>A registry outage delays typed produces through the Confluent serializer; it loses nothing.</summary>
public sealed class RegistryFaultTests
{
    public sealed record PaymentCompleted(string OrderId, decimal Amount);

    [Fact]
    public async Task A_registry_outage_delays_a_typed_produce_and_loses_nothing()
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false, WithSchemaRegistry = true };
        options.Topics.Add(new TopicSpec("payments", 1));
        await using var kafka = await StormlineKafka.StartAsync(options);
        await kafka.ProduceTypedAsync("payments", "o-1", new PaymentCompleted("o-1", 10m));

        // The outage starts now and the serializer below is built first: a window of seconds, not one, so a slow
        // machine still reaches the registry inside it (CI once did not within a second).
        var window = TimeSpan.FromSeconds(3);
        kafka.RegistryFaults.Unavailable(window);
        var clock = Stopwatch.StartNew();
        // A new serializer has an empty cache, so it must reach the registry: the outage is in its path.
        await kafka.ProduceTypedAsync("payments", "o-2", new PaymentCompleted("o-2", 20m));

        Assert.True(kafka.RegistryFaults.Refused > 0, "the outage answered at least one request");
        Assert.True(clock.Elapsed >= window - TimeSpan.FromMilliseconds(200), $"acknowledged after {clock.Elapsed.TotalMilliseconds:0} ms");
        var values = kafka.ConsumeTypedUntilIdle<PaymentCompleted>("payments", TimeSpan.FromMilliseconds(500));
        Assert.Equal([new PaymentCompleted("o-1", 10m), new PaymentCompleted("o-2", 20m)], values);
    }

    [Fact]
    public async Task Registry_faults_without_a_registry_say_how_to_get_one()
    {
        await using var kafka = await StormlineKafka.StartAsync(new StormlineKafkaOptions { UseEnvironment = false });
        var error = Assert.Throws<NotSupportedException>(() => kafka.RegistryFaults);
        Assert.Contains("WithSchemaRegistry", error.Message, StringComparison.Ordinal);
    }
}
