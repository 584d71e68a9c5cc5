using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;
using Stormline.Registry.Tests.Infrastructure;

namespace Stormline.Registry.Tests.Storage;

/// <summary>
/// Two registries on one topic at once. Ids are allocated by the order of the topic's one partition: each registry reads
/// to the end, picks max id + 1, produces, reads its record back, and runs again if another registry's record came first.
/// </summary>
public sealed class SharedTopicTests : IAsyncLifetime
{
    private readonly TopicRegistries _kafka = new();

    public ValueTask InitializeAsync() => _kafka.InitializeAsync();

    public ValueTask DisposeAsync() => _kafka.DisposeAsync();

    [Fact]
    public async Task Concurrent_registrations_on_two_registries_never_give_one_id_to_two_schemas()
    {
        var conflicts = new ConflictCounter();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(conflicts));
        var (_, a) = await _kafka.StartAsync("_schemas", loggers);
        var (_, b) = await _kafka.StartAsync("_schemas", loggers);
        using (a)
        using (b)
        {
            // Slow produces make both registries decide on the same state before either record lands: real races.
            _kafka.Broker.Faults.AddLatency(ApiKey.Produce, TimeSpan.FromMilliseconds(150));
            var results = new List<(string Subject, string Schema, int Id)>();
            for (var round = 0; round < 8; round++)
            {
                var mine = AvroSchemas.Record("Race", AvroSchemas.Field("id", "\"string\""), AvroSchemas.Field($"a{round}", "\"int\"", "0"));
                var theirs = AvroSchemas.Record("Race", AvroSchemas.Field("id", "\"string\""), AvroSchemas.Field($"b{round}", "\"int\"", "0"));
                var same = AvroSchemas.Record("Same" + round, AvroSchemas.Field("x", "\"string\""));
                var registered = await Task.WhenAll(
                    a.RegisterAsync("race-value", mine), b.RegisterAsync("race-value", theirs),
                    a.RegisterAsync($"solo-a-{round}", same), b.RegisterAsync($"solo-b-{round}", same));
                results.Add(("race-value", mine, registered[0]));
                results.Add(("race-value", theirs, registered[1]));
                Assert.Equal(registered[2], registered[3]); // one schema, one id, whichever registry was asked
                results.Add(($"solo-a-{round}", same, registered[2]));
            }

            _kafka.Broker.Faults.Clear();
            Assert.Equal(results.Count, results.Select(r => r.Id).Distinct().Count());
            Assert.True(conflicts.Count > 0, "no registration lost a race, so the conflict path was not exercised");

            // Both registries answer the same versions and ids once each has read the topic (a write reads it to the end).
            await a.PutAsync("/config/sync-a", """{"compatibility":"NONE"}""");
            await b.PutAsync("/config/sync-b", """{"compatibility":"NONE"}""");
            var versionsA = (await a.GetAsync("/subjects/race-value/versions")).Body!.ToJsonString();
            Assert.Equal("[" + string.Join(",", Enumerable.Range(1, 16)) + "]", versionsA);
            Assert.Equal(versionsA, (await b.GetAsync("/subjects/race-value/versions")).Body!.ToJsonString());
            for (var version = 1; version <= 16; version++)
            {
                Assert.Equal(await a.IdOfAsync("race-value", version), await b.IdOfAsync("race-value", version));
            }

            foreach (var (subject, schema, id) in results)
            {
                Assert.Equal(id, (await a.PostAsync($"/subjects/{subject}", RegistryFixture.SchemaBody(schema))).Body!["id"]!.GetValue<int>());
                Assert.Equal(id, (await b.PostAsync($"/subjects/{subject}", RegistryFixture.SchemaBody(schema))).Body!["id"]!.GetValue<int>());
            }

            // Lost races leave refused records in the topic; what compaction keeps of it must replay to the same state.
            await _kafka.CompactIntoAsync("_schemas", (int)(await EndOffsetAsync("_schemas")), "compacted");
            var (_, c) = await _kafka.StartAsync("compacted");
            using (c)
            {
                Assert.Equal(versionsA, (await c.GetAsync("/subjects/race-value/versions")).Body!.ToJsonString());
                foreach (var (subject, schema, id) in results)
                {
                    Assert.Equal(id, (await c.PostAsync($"/subjects/{subject}", RegistryFixture.SchemaBody(schema))).Body!["id"]!.GetValue<int>());
                }
            }
        }
    }

    [Fact]
    public async Task A_registration_on_one_registry_is_seen_by_the_other_without_a_restart()
    {
        var (_, a) = await _kafka.StartAsync("_schemas");
        var (_, b) = await _kafka.StartAsync("_schemas");
        using (a)
        using (b)
        {
            var id = await a.RegisterAsync("seen-value", AvroSchemas.OrderV1);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            int status;
            do
            {
                status = (await b.GetAsync($"/schemas/ids/{id}")).Status;
            }
            while (status != 200 && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));

            Assert.Equal(200, status);
            Assert.Equal(id + 1, await b.RegisterAsync("seen-value", AvroSchemas.OrderV2));
        }
    }

    private async Task<long> EndOffsetAsync(string topic)
    {
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = _kafka.Broker.BootstrapServers, GroupId = "end" }).Build();
        return await Task.Run(() => consumer.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Counts the registry's "another registry wrote first" log events.</summary>
    private sealed class ConflictCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "RegistryWriteConflict")
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }
}
