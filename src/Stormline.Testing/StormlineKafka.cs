using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Clients;
using Stormline.Registry;

namespace Stormline.Testing;

/// <summary>
/// Kafka (and optionally a schema registry) for one test run: embedded and in-process by default,
/// or an external cluster named by <c>STORMLINE_TEST_BOOTSTRAP</c> / <c>STORMLINE_TEST_REGISTRY</c>.
/// </summary>
public sealed partial class StormlineKafka : IAsyncDisposable
{
    public const string BootstrapVariable = "STORMLINE_TEST_BOOTSTRAP";
    public const string RegistryVariable = "STORMLINE_TEST_REGISTRY";

    /// <summary>A Java properties file of client settings for an external cluster (Confluent's <c>client.properties</c>).</summary>
    public const string ClientPropertiesVariable = "STORMLINE_TEST_CLIENT_PROPERTIES";

    private readonly KafkaBroker? _broker;
    private readonly SchemaRegistryHost? _registry;
    private readonly string? _registryDirectory;
    private readonly Lazy<IProducer<string?, string?>> _producer;
    private readonly Lazy<IAdminClient> _admin;
    private readonly Lazy<IConsumer<Ignore, Ignore>> _watermarks;

    private StormlineKafka(string bootstrapServers, string? schemaRegistryUrl, ClientProperties clients, KafkaBroker? broker, SchemaRegistryHost? registry, string? registryDirectory)
    {
        BootstrapServers = bootstrapServers;
        ClientProperties = clients;
        SchemaRegistryUrl = schemaRegistryUrl;
        _broker = broker;
        _registry = registry;
        _registryDirectory = registryDirectory;
        // One producer for the kit's lifetime: a librdkafka client costs a connection and a metadata round trip to start.
        _producer = new(() => new ProducerBuilder<string?, string?>(clients.ApplyTo(new ProducerConfig { BootstrapServers = BootstrapServers, EnableIdempotence = true, LingerMs = 0 })).Build());
        _admin = new(() => new AdminClientBuilder(clients.ApplyTo(new AdminClientConfig { BootstrapServers = BootstrapServers })).Build());
        // Watermarks come from a consumer that never joins a group: the admin client does not expose them.
        _watermarks = new(() => new ConsumerBuilder<Ignore, Ignore>(clients.ApplyTo(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = "stormline-testing-lag" })).Build());
    }

    public string BootstrapServers { get; }

    /// <summary>The client settings every client of the kit uses; apply them to a test's own clients for a secured cluster.</summary>
    public ClientProperties ClientProperties { get; }

    /// <summary>Null unless a registry was asked for (or named by the environment).</summary>
    public string? SchemaRegistryUrl { get; }

    /// <summary>False when the tests run against an external cluster.</summary>
    public bool IsEmbedded => _broker is not null;

    /// <summary>
    /// Faults to inject into the embedded broker. Against an external cluster this throws rather than letting a
    /// fault test pass without its fault.
    /// </summary>
    public BrokerFaults Faults => _broker?.Faults
        ?? throw new NotSupportedException($"fault injection needs the embedded broker ({BootstrapVariable} points at an external cluster)");

    /// <summary>
    /// Outages of the embedded registry. Throws when the kit has no registry of its own (none asked for, or an external
    /// one named by the environment).
    /// </summary>
    public RegistryFaults RegistryFaults => _registry?.Faults
        ?? throw new NotSupportedException(_registry is null && SchemaRegistryUrl is not null
            ? $"registry fault injection needs the embedded registry ({RegistryVariable} points at an external one)"
            : "this kit has no schema registry: start it with WithSchemaRegistry = true");

    /// <summary>From the start call to topics created: reported by benchmarks, never asserted.</summary>
    public TimeSpan StartTime { get; private set; }

    public static async Task<StormlineKafka> StartAsync(StormlineKafkaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StormlineKafkaOptions();
        var clock = Stopwatch.StartNew();
        var external = options.UseEnvironment ? Environment.GetEnvironmentVariable(BootstrapVariable) : null;

        StormlineKafka kit;
        if (!string.IsNullOrWhiteSpace(external))
        {
            var registryUrl = Environment.GetEnvironmentVariable(RegistryVariable);
            kit = new StormlineKafka(external, string.IsNullOrWhiteSpace(registryUrl) ? null : registryUrl, ExternalClientProperties(options), null, null, null);
        }
        else
        {
            kit = await StartEmbeddedAsync(options, cancellationToken);
        }

        try
        {
            await kit.CreateTopicsAsync(options.Topics);
        }
        catch
        {
            await kit.DisposeAsync();
            throw;
        }

        kit.StartTime = clock.Elapsed;
        return kit;
    }

    private static async Task<StormlineKafka> StartEmbeddedAsync(StormlineKafkaOptions options, CancellationToken cancellationToken)
    {
        // Port 0 and no data directory: the OS picks the port and the broker owns (and deletes) a temp folder.
        var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 }, options.LoggerFactory);
        if (!options.WithSchemaRegistry)
        {
            return new StormlineKafka(broker.BootstrapServers, null, options.ClientProperties, broker, null, null);
        }

        var registryDirectory = Path.Combine(Path.GetTempPath(), "stormline-registry-" + Guid.NewGuid().ToString("N"));
        try
        {
            var registry = await SchemaRegistryHost.StartAsync(new RegistryOptions { Port = 0, DataDirectory = registryDirectory }, options.LoggerFactory, cancellationToken);
            return new StormlineKafka(broker.BootstrapServers, registry.Url, options.ClientProperties, broker, registry, registryDirectory);
        }
        catch
        {
            await broker.DisposeAsync();
            DeleteDirectory(registryDirectory);
            throw;
        }
    }

    /// <summary>The options' client settings, then the properties file and the <c>Kafka__Client__NAME</c> variables of the environment.</summary>
    private static ClientProperties ExternalClientProperties(StormlineKafkaOptions options)
    {
        var properties = new ClientProperties().SetAll(options.ClientProperties.Values);
        if (Environment.GetEnvironmentVariable(ClientPropertiesVariable) is { Length: > 0 } file)
        {
            properties.AddFile(file);
        }

        return properties.AddEnvironment();
    }

    /// <summary>Creates topics; ones that already exist (a reused external cluster) are fine.</summary>
    public async Task CreateTopicsAsync(IEnumerable<TopicSpec> topics)
    {
        var specs = topics.Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = 1 }).ToList();
        if (specs.Count == 0)
        {
            return;
        }

        var admin = _admin.Value;
        try
        {
            await admin.CreateTopicsAsync(specs);
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
    }

    /// <summary>Produces one record and waits for its acknowledgement.</summary>
    public async Task<DeliveryResult<string?, string?>> ProduceAsync(string topic, string? key, string? value, IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default)
    {
        var producer = _producer.Value;
        var message = new Message<string?, string?> { Key = key, Value = value };
        if (headers is not null)
        {
            message.Headers = [];
            foreach (var (name, text) in headers)
            {
                message.Headers.Add(name, Encoding.UTF8.GetBytes(text));
            }
        }

        return await producer.ProduceAsync(topic, message, cancellationToken);
    }

    /// <summary>
    /// Reads a topic from the start until nothing new arrives for <paramref name="idle"/>, without committing;
    /// the way to assert on "everything that was written".
    /// </summary>
    public IReadOnlyList<ConsumedRecord> ConsumeUntilIdle(string topic, TimeSpan idle)
    {
        using var consumer = new ConsumerBuilder<string?, string?>(ReaderConfig()).Build();
        var records = new List<ConsumedRecord>();
        ReadTopic(consumer, topic, idle, result =>
        {
            var headers = result.Message.Headers?.Select(h => new KeyValuePair<string, byte[]>(h.Key, h.GetValueBytes())).ToList() ?? [];
            records.Add(new ConsumedRecord(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value, headers));
        });

        consumer.Close();
        return records;
    }

    private ConsumerConfig ReaderConfig() => ClientProperties.ApplyTo(new ConsumerConfig
    {
        BootstrapServers = BootstrapServers,
        GroupId = "stormline-testing-" + Guid.NewGuid().ToString("N"), // never joined: partitions are assigned
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        EnablePartitionEof = false,
        FetchWaitMaxMs = 20,
    });

    /// <summary>
    /// Reads every partition of <paramref name="topic"/> from its earliest offset with assigned partitions (no group
    /// join, and explicit offsets, so no librdkafka offset-query wait): at least up to the end offsets seen at the
    /// start, then until nothing new arrives for <paramref name="idle"/>. A topic that does not exist is waited for
    /// up to 10 s, then read as empty. Reads are read_committed (librdkafka's default): records of open or aborted
    /// transactions are not returned, and the end offsets are the last stable offsets.
    /// </summary>
    private void ReadTopic<TKey, TValue>(IConsumer<TKey, TValue> consumer, string topic, TimeSpan idle, Action<ConsumeResult<TKey, TValue>> onRecord)
    {
        var partitions = PartitionsOf(topic, TimeSpan.FromSeconds(10));
        if (partitions.Count == 0)
        {
            return;
        }

        var ends = new Dictionary<int, long>();
        var next = new Dictionary<int, long>();
        foreach (var partition in partitions)
        {
            var watermarks = _watermarks.Value.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
            ends[partition] = watermarks.High.Value;
            next[partition] = watermarks.Low.Value;
        }

        consumer.Assign(next.Select(n => new TopicPartitionOffset(topic, n.Key, n.Value)));
        var quiet = Stopwatch.StartNew();
        var reading = Stopwatch.StartNew();
        while (true)
        {
            var caughtUp = next.All(n => n.Value >= ends[n.Key]);
            if (caughtUp && quiet.Elapsed >= idle)
            {
                return;
            }

            if (!caughtUp && reading.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Reading '{topic}' did not reach the end offsets it started with in 60 s.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(20));
            if (result?.Message is not null)
            {
                onRecord(result);
                next[result.Partition.Value] = result.Offset.Value + 1;
                quiet.Restart();
            }
            else if (!caughtUp)
            {
                AdvancePastSkipped(consumer, topic, next);
            }
        }
    }

    /// <summary>
    /// Offsets that never arrive as records (transaction markers, records of aborted transactions that a
    /// read_committed reader drops, compacted gaps) still move the consumer's position: take it from there.
    /// </summary>
    private static void AdvancePastSkipped<TKey, TValue>(IConsumer<TKey, TValue> consumer, string topic, Dictionary<int, long> next)
    {
        foreach (var partition in next.Keys.ToList())
        {
            var position = consumer.Position(new TopicPartition(topic, partition));
            if (position.Value > next[partition])
            {
                next[partition] = position.Value;
            }
        }
    }

    private List<int> PartitionsOf(string topic, TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = _admin.Value.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is { Error.IsError: false, Partitions.Count: > 0 } || clock.Elapsed > wait)
            {
                return found is { Error.IsError: false } ? [.. found.Partitions.Select(p => p.PartitionId).Order()] : [];
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Total lag of a group: log end minus committed offset over every partition of every topic it has committed on
    /// (a partition of such a topic without a commit counts from its earliest offset), so one caught-up partition
    /// cannot hide the others. <see cref="long.MaxValue"/> while the group has committed nothing.
    /// </summary>
    public async Task<long> GetGroupLagAsync(string group, CancellationToken cancellationToken = default)
    {
        var admin = _admin.Value;
        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]);
        var committed = offsets.SelectMany(o => o.Partitions).Where(p => p.Offset.Value >= 0).ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
        if (committed.Count == 0)
        {
            return long.MaxValue; // nothing committed yet: the group has not caught up with anything
        }

        var reader = _watermarks.Value;
        long lag = 0;
        foreach (var topic in committed.Keys.Select(p => p.Topic).Distinct())
        {
            var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.Single().Partitions;
            foreach (var partition in partitions.Select(p => new TopicPartition(topic, p.PartitionId)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var watermarks = reader.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5));
                var at = committed.TryGetValue(partition, out var offset) ? offset : watermarks.Low.Value;
                lag += Math.Max(0, watermarks.High.Value - at);
            }
        }

        return lag;
    }

    /// <summary>Waits until the group's lag is at most <paramref name="maxLag"/>; throws <see cref="TimeoutException"/> with the last lag otherwise.</summary>
    public async Task WaitForGroupLagAsync(string group, long maxLag, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        long lag;
        while ((lag = await GetGroupLagAsync(group, cancellationToken)) > maxLag)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Group '{group}' lag is {(lag == long.MaxValue ? "unknown (no commits)" : lag)} after {timeout}, expected at most {maxLag}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Dispose();
        }

        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }

        if (_watermarks.IsValueCreated)
        {
            _watermarks.Value.Dispose();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_registryDirectory is not null)
        {
            DeleteDirectory(_registryDirectory);
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A lingering handle must not fail the test run; the folder is in temp.
        }
    }
}
