using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Playwright;
using Stormline.Testing;

[assembly: AssemblyFixture(typeof(Stormline.OpsConsole.Tests.ConsoleFixture))]

namespace Stormline.OpsConsole.Tests;

/// <summary>
/// The embedded broker and registry, seeded once: the three journey topics with one order's events (an Avro
/// OrderCreated written by the Confluent serializer, JSON payment and delivery events with trace headers), a dead
/// letter, and a console on a free port with the shop model. Also one headless Chromium for the page tests.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string OrderId = "order-7f3a";
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const string DeadLetterTopic = "order-events.dlq";
    public const string DeadLetterKey = "order-dead-1";
    public const string DeadLetterError = "total must not be negative";

    public const string AvroSchema = """
        {"type":"record","name":"OrderCreated","namespace":"shop.order","fields":[
          {"name":"orderId","type":"string"},{"name":"userId","type":"string"},{"name":"total","type":"double"},
          {"name":"card","type":"string"}]}
        """;

    private StormlineKafka? _kafka;
    private ConsoleHost? _console;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public StormlineKafka Kafka => _kafka!;

    public ConsoleHost Console => _console!;

    public IBrowser Browser => _browser!;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        var options = new StormlineKafkaOptions { WithSchemaRegistry = true, UseEnvironment = false };
        foreach (var topic in new[] { "order-events", "payment-events", "delivery-events", DeadLetterTopic })
        {
            options.Topics.Add(new TopicSpec(topic, topic == "order-events" ? 3 : 1));
        }

        _kafka = await StormlineKafka.StartAsync(options);
        await SeedAsync();
        _console = await ConsoleHost.StartAsync(Options());

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: the console's page tests need Debian's chromium. Run ./test.sh (it installs it) or apt-get install -y chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Console options pointing at this fixture's cluster; tests tweak a copy for token, read-only and masking.</summary>
    public ConsoleOptions Options()
    {
        var options = new ConsoleOptions
        {
            BootstrapServers = Kafka.BootstrapServers,
            SchemaRegistryUrl = Kafka.SchemaRegistryUrl,
            ModelFile = Path.Combine(RepositoryRoot, "models", "shop.storm.yaml"),
            Port = 0,
            PollInterval = TimeSpan.FromSeconds(1),
        };
        options.HealthChecks.Clear();
        options.HealthChecks["registry"] = Kafka.SchemaRegistryUrl + "/";
        return options;
    }

    /// <summary>A page that records console errors and failed requests, which every page test asserts are none.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(ConsoleHost host, string hash)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(host.Url + hash);
        return (page, errors);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    private async Task SeedAsync()
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Kafka.SchemaRegistryUrl });
        var schema = (RecordSchema)Avro.Schema.Parse(AvroSchema);
        var record = new GenericRecord(schema);
        record.Add("orderId", OrderId);
        record.Add("userId", "user-1");
        record.Add("total", 42.5);
        record.Add("card", "4111-1111-1111-1111");
        var serializer = new AvroSerializer<GenericRecord>(registry, new AvroSerializerConfig { SubjectNameStrategy = SubjectNameStrategy.TopicRecord });
        var value = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, "order-events"));

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers }).Build();
        var start = DateTimeOffset.UtcNow.AddSeconds(-5);
        async Task Send(string topic, string type, byte[] body, int step, string span)
        {
            var headers = new Headers
            {
                { "event-type", System.Text.Encoding.UTF8.GetBytes(type) },
                { "traceparent", System.Text.Encoding.UTF8.GetBytes($"00-{TraceId}-{span}-01") },
            };
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = OrderId, Value = body, Headers = headers, Timestamp = new Timestamp(start.AddMilliseconds(step * 100)) });
        }

        // Written out of time order on purpose: the journey must sort by timestamp, not by topic.
        await Send("delivery-events", "DeliveryStarted", Json($$"""{"orderId":"{{OrderId}}","courier":"fast"}"""), 3, "00f067aa0ba902b3");
        await Send("order-events", "OrderCreated", value, 1, "00f067aa0ba902b1");
        await Send("payment-events", "PaymentCompleted", Json($$"""{"orderId":"{{OrderId}}","amount":42.5}"""), 2, "00f067aa0ba902b2");
        // Another order's event on the same topic: the journey must leave it out.
        await producer.ProduceAsync("order-events", new Message<string, byte[]> { Key = "order-other", Value = Json("""{"orderId":"order-other"}""") });

        // A dead letter as EventConsumer writes one: the original record plus the dlq-* headers.
        await producer.ProduceAsync(DeadLetterTopic, new Message<string, byte[]>
        {
            Key = DeadLetterKey,
            Value = Json($$"""{"orderId":"{{DeadLetterKey}}","total":-1}"""),
            Headers = new Headers
            {
                { "event-type", Json("OrderCreated") },
                { "dlq-error", Json(DeadLetterError) },
                { "dlq-exception-type", Json("System.InvalidOperationException") },
                { "dlq-original-topic", Json("order-events") },
                { "dlq-original-partition", Json("0") },
                { "dlq-original-offset", Json("17") },
            },
        });
    }

    /// <summary>Registers two versions of a record under <paramref name="subject"/> (v2 adds a field without a default), for the schema page's changes.</summary>
    public async Task RegisterTwoVersionsAsync(string subject)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Kafka.SchemaRegistryUrl });
        await registry.UpdateCompatibilityAsync(Compatibility.None, subject);
        const string v1 = """{"type":"record","name":"Parcel","namespace":"shop.delivery","fields":[{"name":"id","type":"string"}]}""";
        const string v2 = """{"type":"record","name":"Parcel","namespace":"shop.delivery","fields":[{"name":"id","type":"string"},{"name":"weight","type":"double"}]}""";
        await registry.RegisterSchemaAsync(subject, new Confluent.SchemaRegistry.Schema(v1, SchemaType.Avro));
        await registry.RegisterSchemaAsync(subject, new Confluent.SchemaRegistry.Schema(v2, SchemaType.Avro));
    }

    public static byte[] Json(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stormline.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Stormline.slnx not found above the test binaries.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }

        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }
    }
}
