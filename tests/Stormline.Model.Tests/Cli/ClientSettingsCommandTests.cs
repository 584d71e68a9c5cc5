using Stormline.Broker.Server;

namespace Stormline.Model.Tests.Cli;

/// <summary>
/// The commands that talk to Kafka pass any librdkafka setting through, from each source: a wrong value reaches
/// librdkafka (its own error names the setting) and the command stops with exit 2 and where to fix it.
/// </summary>
public sealed class ClientSettingsCommandTests
{
    private const string Refused = "Invalid value \"PLAINTEXT_PLEASE\" for configuration property \"security.protocol\"";

    [Fact]
    public async Task Topics_plan_passes_a_kafka_config_option_to_librdkafka()
    {
        var result = await Stormline.RunAsync("topics", "plan", ModelText.ShopPath, "--bootstrap", "127.0.0.1:1", "--kafka-config", "security.protocol=PLAINTEXT_PLEASE");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"stormline topics plan: the Kafka client refused a setting: {Refused}", result.Error, StringComparison.Ordinal);
        Assert.Contains("--kafka-config-file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topics_apply_reads_a_properties_file_and_the_option_wins_over_it()
    {
        var file = Stormline.TempFile("client.properties", "# a secured cluster\nsecurity.protocol = PLAINTEXT_PLEASE\nclient.id=stormline-ci\n");

        var fromFile = await Stormline.RunAsync("topics", "apply", ModelText.ShopPath, "--bootstrap", "127.0.0.1:1", "--yes", "--kafka-config-file", file);
        Assert.Equal(2, fromFile.ExitCode);
        Assert.Contains(Refused, fromFile.Error, StringComparison.Ordinal);

        // The same file with the setting put right on the command line: the cluster is then read, and the plan applied.
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        var overridden = await Stormline.RunAsync("topics", "apply", ModelText.ShopPath, "--bootstrap", broker.BootstrapServers, "--yes",
            "--kafka-config-file", file, "--kafka-config", "security.protocol=plaintext");
        Assert.Equal(0, overridden.ExitCode);
        Assert.Contains("Applied: 6 created", overridden.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topics_plan_reads_the_services_configuration_key_from_the_environment()
    {
        var result = await Stormline.RunAsync(new Dictionary<string, string> { ["Kafka__Client__security.protocol"] = "PLAINTEXT_PLEASE" },
            "topics", "plan", ModelText.ShopPath, "--bootstrap", "127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Refused, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_passes_the_setting_to_its_consumer_before_sending_any_order()
    {
        var result = await Stormline.RunAsync("load", "--orders", "1", "--bootstrap", "127.0.0.1:1", "--target", "http://127.0.0.1:1",
            "--kafka-config", "no.such.setting=1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("stormline load: the Kafka client refused a setting: No such configuration property: \"no.such.setting\"", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--kafka-config", "security.protocol")]
    [InlineData("--kafka-config-file", "/nonexistent/client.properties")]
    public async Task Unusable_client_options_are_usage_errors_that_say_the_form(string option, string value)
    {
        var result = await Stormline.RunAsync("topics", "plan", ModelText.ShopPath, "--bootstrap", "127.0.0.1:1", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"stormline topics plan: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(option == "--kafka-config" ? "must be NAME=VALUE" : "cannot read --kafka-config-file", result.Error, StringComparison.Ordinal);
    }
}
