using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stormline.Cli.Up;

namespace Shop.EndToEnd.Tests;

/// <summary>
/// <c>stormline up</c> as a user runs it: the built CLI as a process brings the shop up, an order reaches Shipped or
/// Delivered, SIGTERM stops every process it started, and a second <c>up</c> on the same data folder still has the order.
/// </summary>
public sealed partial class UpCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Up_brings_the_shop_up_an_order_ships_and_sigterm_stops_everything_and_data_survives_a_restart()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        var options = Repository.Options(data);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            string orderId;
            await using (var up = StartUp(options, log))
            {
                await WaitUpAsync(log, up, run: 1);
                var created = await http.PostAsJsonAsync($"{options.Services[0].Url}/orders",
                    new { customerId = "c-1", lines = new[] { new { sku = "book-1", quantity = 2, unitPrice = 12.50m } } });
                Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
                orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").ToString();
                var status = await PollStatusAsync(http, options, orderId, s => s is "Shipped" or "Delivered");
                Assert.True(status is "Shipped" or "Delivered", $"order {orderId} is {status} after {Deadline.TotalSeconds} s");

                var servicePids = ServicePids().Matches(log.Text).Select(m => int.Parse(m.Groups[1].Value)).Distinct().ToList();
                Assert.Equal(3, servicePids.Count);
                Assert.True(await up.StopAsync(TimeSpan.FromSeconds(60)), "stormline up did not exit within 60 s of SIGTERM");
                Assert.Equal(0, up.ExitCode);
                Assert.Contains("Stopped.", log.Text);
                Assert.All(servicePids, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"service process {pid} outlived stormline up"));
                Assert.All(options.Services, s => Assert.True(PortGuard.IsFree(s.Port), $"port {s.Port} is still taken after stop"));
                Assert.True(PortGuard.IsFree(options.BrokerPort), "the broker port is still taken after stop");
            }

            // Same data folder, same ports: the order is still there, in the state it had.
            await using (var again = StartUp(options, log))
            {
                await WaitUpAsync(log, again, run: 2);
                var status = await PollStatusAsync(http, options, orderId, s => s is "Shipped" or "Delivered");
                Assert.True(status is "Shipped" or "Delivered", $"after a restart order {orderId} is {status}");
                Assert.True(await again.StopAsync(TimeSpan.FromSeconds(60)));
            }
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    [Fact]
    public async Task Under_up_the_consoles_order_journey_shows_the_spans_of_every_service_and_its_read_model_page_rebuilds_one()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        var options = Repository.Options(data);
        var consolePort = PortGuard.FreePorts(1)[0];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await using var up = StartUp(options, log, consolePort);
            await WaitUpAsync(log, up, run: 1);
            var created = await http.PostAsJsonAsync($"{options.Services[0].Url}/orders",
                new { customerId = "c-trace", lines = new[] { new { sku = "book-1", quantity = 1, unitPrice = 9.90m } } });
            var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").ToString();
            Assert.True(await PollStatusAsync(http, options, orderId, s => s is "Shipped" or "Delivered") is "Shipped" or "Delivered");

            await AssertJourneyHasEveryServiceAsync(http, $"http://127.0.0.1:{consolePort}", orderId);

            await RebuildThroughTheConsolePage(http, $"http://127.0.0.1:{consolePort}");
            Assert.True(await up.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    /// <summary>
    /// An operator rebuilds Orders' read model from the console's Read models page in Chromium: the console reaches the
    /// service's own /stormline/read-models, the rebuilt version 2 goes live, and the audit log names who started it.
    /// </summary>
    private static async Task RebuildThroughTheConsolePage(HttpClient http, string console)
    {
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        if (!File.Exists("/usr/bin/chromium"))
            throw new InvalidOperationException("/usr/bin/chromium is missing: this test drives Debian's chromium. Run ./test.sh (it installs it) or apt-get install -y chromium.");
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{console}/#/readmodels");
        var orders = page.Locator("[data-service=orders]");
        var row = orders.Locator("tr", new() { HasText = "order_summaries" });
        await Microsoft.Playwright.Assertions.Expect(row.GetByTestId("active-version")).ToHaveTextAsync("1");
        await row.Locator("button[data-action=rebuild]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();

        await Microsoft.Playwright.Assertions.Expect(row.GetByTestId("active-version")).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        var listed = await http.GetFromJsonAsync<JsonElement>($"{console}/api/read-models");
        var summaries = listed.EnumerateArray().Single(s => s.GetProperty("service").GetString() == "orders")
            .GetProperty("readModels").EnumerateArray().Single(m => m.GetProperty("readModel").GetString() == "order_summaries");
        Assert.Equal("idle", summaries.GetProperty("state").GetString());
        Assert.Equal(2, summaries.GetProperty("activeVersion").GetInt32());

        var audit = await http.GetFromJsonAsync<JsonElement>($"{console}/api/audit");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "read-model-rebuild" && e.GetProperty("target").GetString() == "orders order_summaries");

        // A service the console does not know is refused before anything is sent anywhere.
        var info = await http.GetFromJsonAsync<JsonElement>($"{console}/api/info");
        using var unknown = new HttpRequestMessage(HttpMethod.Post, $"{console}/api/read-models/billing/order_summaries/rebuild");
        unknown.Headers.Add("X-Stormline-CSRF", info.GetProperty("csrfToken").GetString());
        unknown.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"); // actions must be JSON (the cross-site guard)
        using var refused = await http.SendAsync(unknown);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("billing", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Up_refuses_a_taken_port_naming_it_and_starts_nothing()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        var options = Repository.Options(data);
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, options.Services[1].Port);
        squatter.Start();
        try
        {
            var error = await Assert.ThrowsAsync<UpException>(() =>
                ShopSystem.StartAsync(options, Repository.Layout, log.Output, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, CancellationToken.None));
            Assert.Contains($"port {options.Services[1].Port} (the Payments service) is already in use", error.Message);
            Assert.True(PortGuard.IsFree(options.BrokerPort), "the broker was started although a port was taken");
        }
        finally
        {
            Repository.Delete(data);
        }
    }

    /// <summary>One trace from the POST to OrderShipped, with spans from each of the three services, in the console's journey.</summary>
    private static async Task AssertJourneyHasEveryServiceAsync(HttpClient http, string console, string orderId, string? token = null)
    {
        string[] services = ["Shop.Orders", "Shop.Payments", "Shop.Deliveries"];
        var seen = new HashSet<string>();
        for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until && !services.All(seen.Contains); await Task.Delay(500))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{console}/api/journey/{orderId}");
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            using var answer = await http.SendAsync(request);
            answer.EnsureSuccessStatusCode();
            var journey = await answer.Content.ReadFromJsonAsync<JsonElement>();
            var traces = journey.GetProperty("traces").EnumerateArray().ToList();
            Assert.Single(traces);
            seen = [.. traces[0].GetProperty("spans").EnumerateArray().Select(span => span.GetProperty("service").GetString()!)];
        }

        Assert.All(services, service => Assert.Contains(service, seen));
    }

    private static ChildProcess StartUp(UpOptions options, TestOutput log, int? consolePort = null)
    {
        string[] console = consolePort is { } port ? ["--console-port", $"{port}"] : ["--no-console"];
        string[] arguments =
        [
            CliAssembly(), "up", "--data-dir", options.DataDirectory, .. console, .. (options.Secure ? (string[])["--secure"] : []),
            "--broker-port", $"{options.BrokerPort}", "--registry-port", $"{options.RegistryPort}",
            "--orders-port", $"{options.Services[0].Port}", "--payments-port", $"{options.Services[1].Port}", "--deliveries-port", $"{options.Services[2].Port}",
        ];
        return ChildProcess.Start("up", DotnetHost.Path, arguments, new Dictionary<string, string>(), Repository.Layout.Root, log.Output);
    }

    /// <summary>The CLI the solution build made (src/Stormline.Cli/bin/&lt;configuration&gt;/net10.0/stormline.dll).</summary>
    private static string CliAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var built = Path.Combine(Repository.Layout.Root, "src", "Stormline.Cli", "bin", configuration, RepositoryLayout.TargetFramework, "stormline.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException($"{built} is missing; build the solution first (./test.sh does)");
    }

    /// <summary>Waits for the URL table, which <c>up</c> prints once every service answered /health/ready.</summary>
    private static async Task WaitUpAsync(TestOutput log, ChildProcess up, int run)
    {
        var until = DateTime.UtcNow + Deadline;
        while (Occurrences(log.Text, "The shop is up:") < run)
        {
            Assert.False(up.HasExited, $"stormline up exited with code {(up.HasExited ? up.ExitCode : 0)} before the shop was up");
            Assert.True(DateTime.UtcNow < until, $"stormline up did not bring the shop up within {Deadline.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    private static int Occurrences(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static async Task<string?> PollStatusAsync(HttpClient http, UpOptions options, string orderId, Func<string?, bool> reached)
    {
        var until = DateTime.UtcNow + Deadline;
        string? status = null;
        while (DateTime.UtcNow < until)
        {
            using var response = await http.GetAsync($"{options.Services[0].Url}/orders/{orderId}");
            if (response.IsSuccessStatusCode)
            {
                status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
                if (reached(status))
                {
                    return status;
                }
            }

            await Task.Delay(200);
        }

        return status;
    }

    [GeneratedRegex(@"pid (\d+), /health/ready")]
    private static partial Regex ServicePids();
}
