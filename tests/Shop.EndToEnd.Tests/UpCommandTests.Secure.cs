using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await using var up = StartUp(options, log);
            await WaitUpAsync(log, up, run: 1);
            var secure = Path.Combine(data, "secure");
            Assert.Contains(secure, log.Text);

            var created = await http.PostAsJsonAsync($"{options.Services[0].Url}/orders",
                new { customerId = "c-secure", lines = new[] { new { sku = "book-1", quantity = 1, unitPrice = 9.90m } } });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").ToString();
            var status = await PollStatusAsync(http, options, orderId, s => s is "Shipped" or "Delivered");
            Assert.True(status is "Shipped" or "Delivered", $"order {orderId} is {status} on the SASL_SSL broker");

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

            Assert.True(await up.StopAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            log.Flush();
            Repository.Delete(data);
        }
    }
}
