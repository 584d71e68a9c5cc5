using Stormline.Ops.Collecting;

namespace Stormline.Ops.Tests.Collecting;

/// <summary>The collector's librdkafka settings (what the console passes on from --kafka-config) reach its clients as given.</summary>
public sealed class CollectorClientSettingsTests(SharedKafka shared)
{
    [Fact]
    public void A_wrong_security_protocol_reaches_librdkafka_which_names_it()
    {
        var options = new ClusterCollectorOptions { BootstrapServers = shared.BootstrapServers };
        options.ClientConfig["security.protocol"] = "SASL_SOMETHING";

        var error = Assert.Throws<ArgumentException>(() => new ClusterCollector(options));

        Assert.Contains("Invalid value \"SASL_SOMETHING\" for configuration property \"security.protocol\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Right_settings_given_explicitly_still_collect()
    {
        var options = new ClusterCollectorOptions { BootstrapServers = shared.BootstrapServers, MeasureTimeLag = true };
        options.ClientConfig["security.protocol"] = "plaintext";
        options.ClientConfig["socket.keepalive.enable"] = "true";
        await using var collector = new ClusterCollector(options);

        var snapshot = await collector.CollectAsync();

        Assert.Single(snapshot.Brokers);
    }
}
