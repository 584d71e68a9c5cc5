using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Stormline.Cli.Up;
using Stormline.Clients;

namespace Shop.EndToEnd.Tests;

public sealed partial class UpCommandTests
{
    [Fact]
    public async Task Up_secure_runs_the_shop_over_SASL_SSL_with_a_user_per_service_and_refuses_plaintext_clients()
    {
        var data = Repository.TempDirectory();
        var log = new TestOutput();
        var options = Repository.Options(data) with { Secure = true };
        var consolePort = PortGuard.FreePorts(1)[0];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await using var up = StartUp(options, log, consolePort);
            await WaitUpAsync(log, up, run: 1);
            var secure = Path.Combine(data, "secure");
            Assert.Contains(secure, log.Text);
            Assert.Contains(Path.Combine(secure, "console-operator.token"), log.Text);

            // A few dozen orders through all three services, each on its own SCRAM user and ACLs.
            var orderIds = new List<string>();
            for (var i = 0; i < 24; i++)
            {
                var created = await http.PostAsJsonAsync($"{options.Services[0].Url}/orders",
                    new { customerId = $"c-secure-{i}", lines = new[] { new { sku = "book-1", quantity = 1 + i % 3, unitPrice = 9.90m } } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                orderIds.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").ToString());
            }

            foreach (var orderId in orderIds)
            {
                var status = await PollStatusAsync(http, options, orderId, s => s is "Shipped" or "Delivered");
                Assert.True(status is "Shipped" or "Delivered", $"order {orderId} is {status} on the SASL_SSL broker");
            }

            var bootstrap = $"127.0.0.1:{options.BrokerPort}";
            using (var plaintext = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 3_000 }).Build())
            {
                Assert.Throws<KafkaException>(() => plaintext.GetMetadata(TimeSpan.FromSeconds(3)));
            }

            // Each service's client.properties works as it is, e.g. for kcat or a script.
            foreach (var service in options.Services)
            {
                var file = Path.Combine(secure, service.Key + ".properties");
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                }

                var settings = new ClientProperties().AddFile(file);
                Assert.Equal("SCRAM-SHA-512", settings.Values["sasl.mechanism"]);
                using var admin = new AdminClientBuilder(settings.ApplyTo(new AdminClientConfig { BootstrapServers = bootstrap })).Build();
                Assert.Contains(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic == "order-events");
            }

            await AssertPaymentsIsKeptToItsAclsAsync(bootstrap, new ClientProperties().AddFile(Path.Combine(secure, "payments.properties")));
            await AssertRegistryAndConsoleWantCredentialsAsync(http, options, $"http://127.0.0.1:{consolePort}", secure);
            // The services export their traces with their own console token; a viewer reads the journey.
            var viewer = (await File.ReadAllTextAsync(Path.Combine(secure, "console-viewer.token"))).Trim();
            await AssertJourneyHasEveryServiceAsync(http, $"http://127.0.0.1:{consolePort}", orderIds[0], viewer);
            Assert.True(await up.StopAsync(TimeSpan.FromSeconds(60)));

            // Same data folder again: new passwords and tokens, the same ACLs (created again, no duplicates), the orders kept.
            await using var again = StartUp(options, log, consolePort);
            await WaitUpAsync(log, again, run: 2);
            var more = await http.PostAsJsonAsync($"{options.Services[0].Url}/orders",
                new { customerId = "c-secure-again", lines = new[] { new { sku = "book-2", quantity = 1, unitPrice = 5m } } });
            Assert.Equal(HttpStatusCode.Created, more.StatusCode);
            var moreId = (await more.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").ToString();
            Assert.True(await PollStatusAsync(http, options, moreId, s => s is "Shipped" or "Delivered") is "Shipped" or "Delivered", $"after a restart order {moreId} did not ship");
            Assert.True(await PollStatusAsync(http, options, orderIds[^1], s => s is "Shipped" or "Delivered") is "Shipped" or "Delivered");
            await AssertPaymentsIsKeptToItsAclsAsync(bootstrap, new ClientProperties().AddFile(Path.Combine(secure, "payments.properties")));
            Assert.True(await again.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }

    /// <summary>Payments' own credentials, outside its ACLs: no write to order-events, no joining an Orders group.</summary>
    private static async Task AssertPaymentsIsKeptToItsAclsAsync(string bootstrap, ClientProperties payments)
    {
        using (var producer = new ProducerBuilder<string, string>(payments.ApplyTo(new ProducerConfig { BootstrapServers = bootstrap, MessageTimeoutMs = 10_000 })).Build())
        {
            var refused = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
                producer.ProduceAsync("order-events", new Message<string, string> { Key = "forged", Value = "{}" }));
            Assert.Equal(ErrorCode.TopicAuthorizationFailed, refused.Error.Code);
        }

        var errors = new List<ErrorCode>();
        var config = payments.ApplyTo(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "order-service", AutoOffsetReset = AutoOffsetReset.Earliest });
        using var consumer = new ConsumerBuilder<string, string>(config).SetErrorHandler((_, e) => { lock (errors) errors.Add(e.Code); }).Build();
        consumer.Subscribe("order-events"); // a topic Payments may read, in a group that is Orders'
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            try
            {
                Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(500)));
            }
            catch (ConsumeException e)
            {
                lock (errors) errors.Add(e.Error.Code);
            }

            lock (errors)
            {
                if (errors.Contains(ErrorCode.GroupAuthorizationFailed))
                {
                    break;
                }
            }
        }

        lock (errors)
        {
            Assert.Contains(ErrorCode.GroupAuthorizationFailed, errors);
        }

        consumer.Close();
    }

    /// <summary>The registry wants basic auth (a service's user reads but may not register); the console wants a token.</summary>
    private static async Task AssertRegistryAndConsoleWantCredentialsAsync(HttpClient http, UpOptions options, string console, string secure)
    {
        var registry = $"http://127.0.0.1:{options.RegistryPort}";
        using (var anonymous = await http.GetAsync($"{registry}/subjects"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var userInfo = new ClientProperties().AddFile(Path.Combine(secure, "payments.properties")).Values["schema.registry.basic.auth.user.info"];
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(userInfo)));
        using (var read = new HttpRequestMessage(HttpMethod.Get, $"{registry}/subjects") { Headers = { Authorization = basic } })
        using (var answer = await http.SendAsync(read))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("\"order-events-", await answer.Content.ReadAsStringAsync());
        }

        using (var write = new HttpRequestMessage(HttpMethod.Post, $"{registry}/subjects/forged-value/versions")
        {
            Headers = { Authorization = basic },
            Content = new StringContent("{\"schema\":\"\\\"string\\\"\"}", System.Text.Encoding.UTF8, "application/vnd.schemaregistry.v1+json"),
        })
        using (var answer = await http.SendAsync(write))
        {
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        }

        using (var anonymous = await http.GetAsync($"{console}/api/topics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var viewer = (await File.ReadAllTextAsync(Path.Combine(secure, "console-viewer.token"))).Trim();
        using var topics = new HttpRequestMessage(HttpMethod.Get, $"{console}/api/topics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", viewer) } };
        using var listed = await http.SendAsync(topics);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("order-events", await listed.Content.ReadAsStringAsync());
    }
}
