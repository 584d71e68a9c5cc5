using System.Diagnostics;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Cli;

/// <summary><c>stormline registry</c> as a real process: prints its URL, stops on SIGTERM, and loses nothing to a kill -9.</summary>
public sealed class RegistryCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-registry-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Prints_its_url_stops_on_sigterm_and_keeps_ids_across_a_kill_9()
    {
        int id;
        var (first, url) = await StartAsync();
        using (first)
        {
            using var http = RegistryFixture.Client(url);
            var response = await http.PostAsync("/subjects/cli-value/versions", new StringContent(RegistryFixture.SchemaBody(AvroSchemas.OrderV1)));
            id = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<int>();
            first.Kill(); // SIGKILL right after the answer: the registration was on disk before it was acknowledged
            await first.WaitForExitAsync();
        }

        var (second, url2) = await StartAsync();
        using (second)
        {
            using var http = RegistryFixture.Client(url2);
            var latest = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/subjects/cli-value/versions/latest"))!;
            Assert.Equal(id, latest["id"]!.GetValue<int>());

            Assert.Equal(0, Signals.Send(second.Id, Signals.SigTerm));
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, second.ExitCode);
        }
    }

    [Fact]
    public async Task With_bootstrap_it_keeps_its_state_in_the_topic_and_says_so()
    {
        await using var broker = await Stormline.Broker.Server.KafkaBroker.StartAsync(new Stormline.Broker.Server.BrokerOptions { Port = 0 });
        string[] arguments = ["--bootstrap", broker.BootstrapServers, "--topic", "cli-schemas"];
        int id;
        var (first, url, line) = await StartAsync(arguments);
        using (first)
        {
            Assert.Contains($"(data: cli-schemas@{broker.BootstrapServers})", line);
            using var http = RegistryFixture.Client(url);
            var response = await http.PostAsync("/subjects/cli-value/versions", new StringContent(RegistryFixture.SchemaBody(AvroSchemas.OrderV1)));
            id = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<int>();
            first.Kill(); // acknowledged means acknowledged by the broker with acks=all
            await first.WaitForExitAsync();
        }

        Assert.False(Directory.Exists(_dataDirectory)); // nothing went to a data folder
        var (second, url2, _) = await StartAsync(arguments);
        using (second)
        {
            using var http = RegistryFixture.Client(url2);
            var latest = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/subjects/cli-value/versions/latest"))!;
            Assert.Equal(id, latest["id"]!.GetValue<int>());
            second.Kill();
            await second.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task With_a_users_file_of_hashes_it_made_it_answers_401_to_anonymous_callers()
    {
        Directory.CreateDirectory(_dataDirectory);
        var usersFile = Path.Combine(_dataDirectory, "users");
        await File.WriteAllTextAsync(usersFile, $"ci write {await HashPasswordAsync("ci-pass")}\n");

        var (process, url, _) = await StartAsync(["--users-file", usersFile]);
        using (process)
        {
            using var anonymous = RegistryFixture.Client(url);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/subjects")).StatusCode);

            using var ci = RegistryFixture.Client(url);
            ci.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("ci:ci-pass"u8.ToArray()));
            var response = await ci.PostAsync("/subjects/cli-value/versions", new StringContent(RegistryFixture.SchemaBody(AvroSchemas.OrderV1)));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private static async Task<string> HashPasswordAsync(string password)
    {
        using var process = Process.Start(StormlineProcess("registry", "--hash-password"))!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var hash = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return hash;
    }

    private static ProcessStartInfo StormlineProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Prepend(Path.Combine(AppContext.BaseDirectory, "stormline.dll")))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private async Task<(Process Process, string Url)> StartAsync()
    {
        var (process, url, _) = await StartAsync([]);
        return (process, url);
    }

    private async Task<(Process Process, string Url, string Line)> StartAsync(string[] store)
    {
        var process = Process.Start(StormlineProcess([.. new[] { "registry", "--port", "0", "--data-dir", _dataDirectory }.Concat(store)]))!;
        var listening = new TaskCompletionSource<(string Url, string Line)>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "Schema registry listening on ";
            if (e.Data is { } line && line.StartsWith(marker, StringComparison.Ordinal))
            {
                listening.TrySetResult((line[marker.Length..].Split(' ')[0], line));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var (url, line) = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return (process, url, line);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }
}
