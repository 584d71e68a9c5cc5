using System.Diagnostics;

namespace Stormline.OpsConsole.Tests;

/// <summary><c>stormline console</c> as a real process: prints its URL, serves, stops on SIGTERM; refuses an exposed address without a token.</summary>
public sealed class ConsoleCommandTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Prints_its_url_serves_the_api_and_stops_on_sigterm()
    {
        using var process = ConsoleProcess.Start("console", "--bootstrap", fixture.Kafka.BootstrapServers, "--registry", fixture.Kafka.SchemaRegistryUrl!, "--port", "0",
            "--model", Path.Combine(ConsoleFixture.RepositoryRoot, "models", "shop.storm.yaml"), "--health", "registry=" + fixture.Kafka.SchemaRegistryUrl, "--read-only");
        var url = ConsoleProcess.UrlAsync(process);
        try
        {
            var address = await url;
            Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var info = await http.GetStringAsync("api/info");
            Assert.Contains("\"readOnly\":true", info, StringComparison.Ordinal);
            Assert.Contains("<title>Stormline console</title>", await http.GetStringAsync(""), StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Theory]
    [InlineData("--host", "0.0.0.0")]
    [InlineData("--health", "not-a-pair")]
    [InlineData("--model", "missing.storm.yaml")]
    public async Task Bad_options_exit_with_a_message(string option, string value)
    {
        using var process = ConsoleProcess.Start("console", "--bootstrap", fixture.Kafka.BootstrapServers, "--port", "0", option, value);
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("stormline console: ", await stderr, StringComparison.Ordinal);
    }
}
