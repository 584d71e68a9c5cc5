using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Admin;

/// <summary>
/// DescribeLogDirs (key 35) on the wire: Confluent.Kafka (librdkafka) has no DescribeLogDirs, so every version is
/// sent raw. Sizes are checked against the partition's segment files on disk, written through a real producer.
/// </summary>
public sealed class DescribeLogDirsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-log-dirs-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData((short)0)]
    [InlineData((short)1)]
    [InlineData((short)2)]
    [InlineData((short)3)]
    [InlineData((short)4)]
    public async Task Each_partition_answers_the_bytes_of_its_segment_files(short version)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = _dataDirectory });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "sized", 2);
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "sized-empty", 1);
        await KafkaClients.ProduceAsync(broker.BootstrapServers, "sized", partitions: 2, perPartition: 25);

        var all = await DescribeAsync(broker, version, topics: null);
        Assert.Equal(Path.GetFullPath(_dataDirectory), all.LogDir);
        Assert.Equal(OnDisk("sized", 0), all.Partitions[("sized", 0)]);
        Assert.Equal(OnDisk("sized", 1), all.Partitions[("sized", 1)]);
        Assert.True(all.Partitions[("sized", 0)] > 25 * 10, "25 records take more than 250 bytes");
        Assert.Equal(0, all.Partitions[("sized-empty", 0)]);
        if (version >= 4)
        {
            Assert.True(all.TotalBytes > 0 && all.UsableBytes > 0 && all.UsableBytes <= all.TotalBytes, $"total {all.TotalBytes}, usable {all.UsableBytes}");
        }

        // Only what was asked, and what does not exist is left out.
        var some = await DescribeAsync(broker, version, [("sized", [1, 7]), ("never-created", [0])]);
        Assert.Equal([("sized", 1)], some.Partitions.Keys);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private long OnDisk(string topic, int partition) =>
        new DirectoryInfo(Path.Combine(_dataDirectory, $"{topic}-{partition}")).GetFiles("*.log").Sum(f => f.Length);

    private static async Task<(string LogDir, Dictionary<(string, int), long> Partitions, long TotalBytes, long UsableBytes)> DescribeAsync(
        KafkaBroker broker, short version, (string Name, int[] Partitions)[]? topics)
    {
        var flexible = version >= 2;
        await using var wire = await AdminWireClient.ConnectAsync(broker.BootstrapServers);
        var response = await wire.SendAsync(ApiKey.DescribeLogDirs, version, w =>
        {
            if (topics is null)
            {
                w.WriteArrayLength(-1);
            }
            else
            {
                w.WriteArray(topics, (tw, t) =>
                {
                    tw.WriteString(t.Name);
                    tw.WriteArray(t.Partitions, (pw, p) => pw.WriteInt32(p));
                    tw.WriteEmptyTaggedFields();
                });
            }

            w.WriteEmptyTaggedFields();
        }, flexible);

        Assert.Equal(0, response.ReadInt32());
        if (version >= 3)
        {
            Assert.Equal(0, response.ReadInt16());
        }

        var partitions = new Dictionary<(string, int), long>();
        var (logDir, total, usable) = Assert.Single(response.ReadArray(r =>
        {
            Assert.Equal(0, r.ReadInt16());
            var dir = r.ReadString();
            foreach (var (name, sizes) in r.ReadArray(t =>
            {
                var name = t.ReadString();
                var sizes = t.ReadArray(p =>
                {
                    var (index, size, lag, future) = (p.ReadInt32(), p.ReadInt64(), p.ReadInt64(), p.ReadBool());
                    Assert.Equal((0L, false), (lag, future));
                    p.SkipTaggedFields();
                    return (index, size);
                });
                t.SkipTaggedFields();
                return (name, sizes);
            }))
            {
                foreach (var (index, size) in sizes)
                {
                    partitions.Add((name, index), size);
                }
            }

            var space = version >= 4 ? (r.ReadInt64(), r.ReadInt64()) : (-1L, -1L);
            r.SkipTaggedFields();
            return (dir, space.Item1, space.Item2);
        }));
        response.SkipTaggedFields();
        Assert.Equal(0, response.Remaining);
        return (logDir, partitions, total, usable);
    }
}
