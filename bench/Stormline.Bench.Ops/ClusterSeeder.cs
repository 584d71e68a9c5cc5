using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Stormline.Bench.Ops;

/// <summary>Creates the benchmark's cluster state: topics × partitions with a few records each, and groups with committed offsets.</summary>
internal static class ClusterSeeder
{
    public static string Topic(int i) => $"bench-topic-{i:D4}";

    public static string Group(int i) => $"bench-group-{i:D3}";

    public static async Task SeedAsync(string bootstrap, int topics, int partitions, int groups, int recordsPerPartition, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        foreach (var batch in Enumerable.Range(0, topics).Chunk(100))
        {
            try
            {
                await admin.CreateTopicsAsync(batch.Select(i => new TopicSpecification { Name = Topic(i), NumPartitions = partitions, ReplicationFactor = 1 }));
            }
            catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
            {
            }
        }

        log.WriteLine($"  created {topics} topics x {partitions} partitions in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 20, Acks = Acks.Leader }).Build())
        {
            for (var t = 0; t < topics; t++)
            {
                for (var p = 0; p < partitions; p++)
                {
                    for (var r = 0; r < recordsPerPartition; r++)
                    {
                        producer.Produce(new TopicPartition(Topic(t), p), new Message<Null, string> { Value = "x" });
                    }
                }

                producer.Poll(TimeSpan.Zero);
            }

            producer.Flush(TimeSpan.FromMinutes(2));
        }

        log.WriteLine($"  produced {recordsPerPartition} records to each partition in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();

        // Each group commits half of every partition of one topic: groups without members, as after a consumer stopped.
        foreach (var batch in Enumerable.Range(0, groups).Chunk(20))
        {
            await Task.WhenAll(batch.Select(g => admin.AlterConsumerGroupOffsetsAsync(
            [
                new ConsumerGroupTopicPartitionOffsets(Group(g), Enumerable.Range(0, partitions)
                    .Select(p => new TopicPartitionOffset(Topic(g % topics), p, recordsPerPartition / 2)).ToList()),
            ])));
        }

        log.WriteLine($"  committed offsets for {groups} groups in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
