using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// Pushes random and mutated request frames at one broker, over real sockets (many frames per connection) and
/// in-process through the same dispatcher, then checks that the broker is still whole: no handler failed
/// unexpectedly, every answer came in order with the right correlation id, and a Confluent.Kafka producer and
/// consumer still work, with the records written before the fuzz intact.
/// Reproduce a failure with STORMLINE_FUZZ_SEED=&lt;seed printed in the message&gt;; STORMLINE_FUZZ_FRAMES scales the run.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class BrokerFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20_250_611;
    private const int DefaultFrames = 120_000;
    private const int SocketWorkers = 4;
    private const int InProcessWorkers = 2;
    private const string Precious = "precious-ledger";

    /// <summary>APIs that may legitimately hold a request for long (long polling, rebalances).</summary>
    private static readonly HashSet<short> MayWait = [(short)ApiKey.Fetch, (short)ApiKey.JoinGroup, (short)ApiKey.SyncGroup];

    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentQueue<string> _violations = new();

    [Fact]
    public async Task Random_and_mutated_frames_neither_break_the_broker_nor_disturb_its_clients()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STORMLINE_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var frames = int.TryParse(Environment.GetEnvironmentVariable("STORMLINE_FUZZ_FRAMES"), out var f) ? f : DefaultFrames;
        output.WriteLine($"fuzz seed {seed} (STORMLINE_FUZZ_SEED), {frames} frames (STORMLINE_FUZZ_FRAMES)");

        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        // Auto-creation is off so that mutated topic names do not create thousands of topics; CreateTopics still runs.
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, AutoCreateTopics = false }, loggerFactory);
        var bootstrap = broker.BootstrapServers;
        await KafkaClients.CreateTopicAsync(bootstrap, Precious, 3);
        await KafkaClients.CreateTopicAsync(bootstrap, RequestTemplates.Topic, 1);
        var before = await ProducePreciousAsync(bootstrap, 0, 300);

        var advertised = await AdvertisedVersionsAsync(broker.Port);
        var untemplated = advertised.Where(a => RequestTemplates.Find(a.Key) is null).Select(a => a.Key).Distinct().ToList();
        output.WriteLine($"advertised: {string.Join(", ", advertised.GroupBy(a => a.Key).Select(g => $"{(ApiKey)g.Key} v{g.Min(a => a.Version)}-{g.Max(a => a.Version)}"))}");
        if (untemplated.Count > 0)
        {
            output.WriteLine($"WARNING: no template for API keys {string.Join(", ", untemplated)}: they get random bodies only; add them to RequestTemplates");
        }

        var clock = Stopwatch.StartNew();
        var socketFrames = frames / 2;
        var tasks = Enumerable.Range(0, SocketWorkers)
            .Select(w => Task.Run(() => SocketWorkerAsync(broker.Port, new Random(seed + w), advertised, socketFrames / SocketWorkers)))
            .Concat(Enumerable.Range(0, InProcessWorkers)
                .Select(w => Task.Run(() => InProcessWorkerAsync(broker.Dispatcher, new Random(seed + 100 + w), advertised, (frames - socketFrames) / InProcessWorkers))))
            .Append(Task.Run(() => FramingWorkerAsync(broker.Port, new Random(seed + 200), advertised, 400)))
            .ToList();
        var control = ControlClientAsync(broker.Port, tasks);
        await Task.WhenAll(tasks);
        await control;
        output.WriteLine($"fuzzed in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (name, count) in _counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {name}: {count}");
        }

        var context = $"(seed {seed}; rerun with STORMLINE_FUZZ_SEED={seed})";
        Assert.True(_violations.IsEmpty, $"protocol violations {context}:\n{string.Join("\n", _violations.Take(20))}");
        Assert.True(broker.Dispatcher.UnexpectedErrors == 0, $"{broker.Dispatcher.UnexpectedErrors} handler failures {context}:\n{string.Join("\n---\n", logs.Errors.Take(5))}");
        Assert.True(logs.Errors.Count == 0, $"the broker logged errors {context}:\n{string.Join("\n---\n", logs.Errors.Take(5))}");
        Assert.True(_counts.GetValueOrDefault("frames") >= frames * 9 / 10, $"only {_counts.GetValueOrDefault("frames")} frames were sent");

        // The broker still serves real clients, and nothing written before the fuzz changed.
        var after = await ProducePreciousAsync(bootstrap, 300, 100);
        var records = KafkaClients.ReadAll(bootstrap, Precious, 3, 400, TimeSpan.FromSeconds(30));
        var read = records.ToDictionary(r => (r.Partition.Value, r.Offset.Value), r => (r.Message.Key, r.Message.Value));
        foreach (var delivered in before.Concat(after))
        {
            Assert.True(read.TryGetValue((delivered.Partition.Value, delivered.Offset.Value), out var got), $"record {delivered.TopicPartitionOffset} is missing after fuzzing {context}");
            Assert.Equal((delivered.Message.Key, delivered.Message.Value), got);
        }

        Assert.Equal(400, records.Count);
        // A DeleteTopics spliced with another template's topic array may delete the fuzzed topic; what is left must read.
        if (broker.Context.Topics.TryGet(RequestTemplates.Topic, out _))
        {
            AssertReadableToTheEnd(bootstrap, RequestTemplates.Topic, context);
        }
        else
        {
            output.WriteLine($"{RequestTemplates.Topic} was deleted by a fuzzed DeleteTopics");
        }

        output.WriteLine($"open connections after the fuzz: {broker.ConnectionCount}; topics: {broker.Context.Topics.All.Count}");
    }

    private async Task SocketWorkerAsync(int port, Random random, IReadOnlyList<(short Key, short Version)> advertised, int frames)
    {
        var mutator = new FrameMutator(random, advertised);
        RawConnection? connection = null;
        try
        {
            for (var i = 0; i < frames; i++)
            {
                connection ??= await RawConnection.ConnectAsync(port);
                var (payload, strategy, key, version) = mutator.Next();
                Count("frames");
                Count("socket");
                var pingId = unchecked((int)0xC0FFEE00 + i);
                var ping = RequestFrames.ApiVersions(0, pingId);
                if (!await connection.SendAsync((byte[])[.. RequestFrames.WithSize(payload), .. ping]))
                {
                    Count("socket: closed");
                    connection.Dispose();
                    connection = null;
                    continue;
                }

                var expectedId = payload.Length >= 8 ? BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4)) : (int?)null;
                var answered = false;
                while (true)
                {
                    byte[]? response;
                    try
                    {
                        // A mutated JoinGroup/SyncGroup legitimately waits for a rebalance (every fuzzed join adds a member to the
                        // template group, and later joins wait for it up to the rebalance timeout): give those less patience.
                        response = await connection.ReceiveAsync(MayWait.Contains(PayloadKey(payload)) ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(2));
                    }
                    catch (TimeoutException)
                    {
                        Count($"socket: waited {(ApiKey)key}");
                        if (!MayWait.Contains(PayloadKey(payload)))
                        {
                            _violations.Enqueue($"no answer within 2 s to {strategy} of {(ApiKey)key} v{version}: {Convert.ToHexString(payload)}");
                        }

                        connection.Dispose();
                        connection = null;
                        break;
                    }

                    if (response is null)
                    {
                        Count("socket: closed");
                        connection.Dispose();
                        connection = null;
                        break;
                    }

                    var id = RequestFrames.CorrelationId(response);
                    if (id == pingId && expectedId != pingId)
                    {
                        Count(answered ? "socket: answered" : "socket: no response");
                        if (response.Length < 6 || BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)) != 0)
                        {
                            _violations.Enqueue($"ApiVersions ping after {strategy} of {(ApiKey)key} v{version} failed: {Convert.ToHexString(response)}");
                        }

                        break;
                    }

                    if (answered || id != expectedId)
                    {
                        _violations.Enqueue($"unexpected response (correlation id {id}) to {strategy} of {(ApiKey)key} v{version}: {Convert.ToHexString(payload)}");
                    }

                    answered = true;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private async Task InProcessWorkerAsync(RequestDispatcher dispatcher, Random random, IReadOnlyList<(short Key, short Version)> advertised, int frames)
    {
        var mutator = new FrameMutator(random, advertised);
        for (var i = 0; i < frames; i++)
        {
            var (payload, strategy, key, version) = mutator.Next();
            Count("frames");
            Count("in-process");
            using var response = new KafkaWriter();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(250));
            DispatchOutcome outcome;
            try
            {
                outcome = await dispatcher.DispatchAsync(payload, response, "fuzz-in-process", timeout.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                Count($"in-process: waited {(ApiKey)key}");
                if (!MayWait.Contains(PayloadKey(payload)))
                {
                    _violations.Enqueue($"no answer within 250 ms in-process to {strategy} of {(ApiKey)key} v{version}: {Convert.ToHexString(payload)}");
                }

                continue;
            }
            catch (TimeoutException)
            {
                _violations.Enqueue($"handler ignored cancellation for 5 s: {strategy} of {(ApiKey)key} v{version}: {Convert.ToHexString(payload)}");
                continue;
            }

            Count($"in-process: {outcome}");
            if (outcome == DispatchOutcome.Respond)
            {
                var frame = response.WrittenMemory.Span;
                if (BinaryPrimitives.ReadInt32BigEndian(frame) != frame.Length - 4 || BinaryPrimitives.ReadInt32BigEndian(frame[4..]) != BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4)))
                {
                    _violations.Enqueue($"bad response frame to {strategy} of {(ApiKey)key} v{version}: {Convert.ToHexString(payload)}");
                }
            }
        }
    }

    /// <summary>Corrupt size prefixes: each on a fresh connection, which must be closed or left waiting, never answered wrongly.</summary>
    private async Task FramingWorkerAsync(int port, Random random, IReadOnlyList<(short Key, short Version)> advertised, int frames)
    {
        var mutator = new FrameMutator(random, advertised);
        for (var i = 0; i < frames; i++)
        {
            using var connection = await RawConnection.ConnectAsync(port);
            var payload = mutator.Valid(advertised[0].Key, advertised[0].Version);
            var size = random.Next(5) switch
            {
                0 => random.Next(int.MinValue, 0),
                1 => random.Next(0, RequestHeader.MinimumSize),
                2 => random.Next(100 * 1024 * 1024 + 1, int.MaxValue),
                3 => payload.Length + random.Next(1, 100),
                _ => Math.Max(0, payload.Length - random.Next(1, payload.Length)),
            };
            var frame = new byte[4 + payload.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame, size);
            payload.CopyTo(frame.AsSpan(4));
            Count("frames");
            Count("framing");
            await connection.SendAsync(frame);
            if (random.Next(2) == 0)
            {
                connection.ShutdownSend();
            }

            // Whatever comes back must be a well-formed frame; what matters is that the broker neither hangs nor dies.
            try
            {
                while (await connection.ReceiveAsync(TimeSpan.FromMilliseconds(200)) is not null)
                {
                }

                Count("framing: closed");
            }
            catch (TimeoutException)
            {
                Count("framing: waiting for more bytes");
            }
            catch (InvalidDataException ex)
            {
                _violations.Enqueue($"framing size {size}: {ex.Message}");
            }
        }
    }

    /// <summary>A well-behaved client on its own connection must be answered promptly throughout the fuzz.</summary>
    private async Task ControlClientAsync(int port, IReadOnlyList<Task> fuzzers)
    {
        using var connection = await RawConnection.ConnectAsync(port);
        var id = 0;
        var slowest = TimeSpan.Zero;
        while (!fuzzers.All(t => t.IsCompleted))
        {
            var clock = Stopwatch.StartNew();
            await connection.SendAsync(RequestFrames.ApiVersions(3, ++id));
            var response = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
            if (response is null || RequestFrames.CorrelationId(response) != id)
            {
                _violations.Enqueue("the control connection was closed or answered out of order during the fuzz");
                return;
            }

            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            await Task.Delay(20);
        }

        output.WriteLine($"control client: {id} requests, slowest answer {slowest.TotalMilliseconds:F0} ms");
    }

    private static short PayloadKey(byte[] payload) => payload.Length >= 2 ? BinaryPrimitives.ReadInt16BigEndian(payload) : (short)-1;

    private void Count(string name) => _counts.AddOrUpdate(name, 1, (_, n) => n + 1);

    private static async Task<List<(short Key, short Version)>> AdvertisedVersionsAsync(int port)
    {
        using var connection = await RawConnection.ConnectAsync(port);
        await connection.SendAsync(RequestFrames.ApiVersions(2, 1));
        var response = await connection.ReceiveAsync(TimeSpan.FromSeconds(5)) ?? throw new InvalidOperationException("ApiVersions closed the connection");
        var reader = new KafkaReader(response.AsMemory(4));
        Assert.Equal(0, reader.ReadInt16());
        var versions = new List<(short, short)>();
        foreach (var (key, min, max) in reader.ReadArray(r => (r.ReadInt16(), r.ReadInt16(), r.ReadInt16())))
        {
            for (var v = min; v <= max; v++)
            {
                versions.Add((key, v));
            }
        }

        return versions;
    }

    private static async Task<List<DeliveryResult<string, string>>> ProducePreciousAsync(string bootstrap, int first, int count)
    {
        using var producer = KafkaClients.Producer(bootstrap, c => c.CompressionType = first == 0 ? CompressionType.Gzip : CompressionType.None);
        var tasks = Enumerable.Range(first, count)
            .Select(i => producer.ProduceAsync(new TopicPartition(Precious, i % 3), new Message<string, string> { Key = $"key-{i}", Value = $"value-{i}-" + new string((char)('a' + (i % 26)), i % 40) }))
            .ToList();
        return [.. await Task.WhenAll(tasks)];
    }

    private static void AssertReadableToTheEnd(string bootstrap, string topic, string context)
    {
        var config = KafkaClients.ConsumerConfig(bootstrap, "fuzz-reader");
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.IsPartitionEOF == true)
            {
                return;
            }
        }

        Assert.Fail($"{topic} could not be read to its end after fuzzing {context}");
    }
}
