using System.Text;
using System.Text.Json;
using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Kcat;

/// <summary>
/// kcat against an in-process broker: metadata, producing a file (plain, keyed, each compression codec) and reading
/// it back byte for byte, and consuming as a group. kcat's librdkafka 2.0.2 picks other API versions than
/// Confluent.Kafka's (e.g. Metadata v4, Produce v7), so this covers versions the other client tests do not.
/// </summary>
public sealed class KcatTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>, IDisposable
{
    private readonly List<string> _files = [];

    private string Bootstrap => fixture.BootstrapServers;

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Listing_metadata_shows_this_broker_and_every_topic_with_its_partitions()
    {
        await KafkaClients.CreateTopicAsync(Bootstrap, "kcat-list-three", 3);
        await KafkaClients.CreateTopicAsync(Bootstrap, "kcat-list-one", 1);

        var text = (await Kcat.RunAsync(["-b", Bootstrap, "-L"])).StdoutText;
        Assert.Contains($"broker {fixture.Broker.Context.NodeId} at {Bootstrap}", text);
        Assert.Contains("topic \"kcat-list-three\" with 3 partitions:", text);
        Assert.Contains("topic \"kcat-list-one\" with 1 partitions:", text);

        using var json = JsonDocument.Parse((await Kcat.RunAsync(["-b", Bootstrap, "-L", "-J"])).Stdout);
        var brokers = json.RootElement.GetProperty("brokers").EnumerateArray().ToList();
        Assert.Equal(Bootstrap, Assert.Single(brokers).GetProperty("name").GetString());
        var three = json.RootElement.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "kcat-list-three");
        var partitions = three.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], partitions.Select(p => p.GetProperty("partition").GetInt32()).Order());
        Assert.All(partitions, p => Assert.Equal(fixture.Broker.Context.NodeId, p.GetProperty("leader").GetInt32()));
    }

    [Fact]
    public async Task A_file_of_messages_is_produced_and_consumed_back_byte_for_byte()
    {
        const string topic = "kcat-file";
        var file = MessagesFile(topic, Lines(new Random(11), 500, keyed: false));

        await Kcat.RunAsync(["-b", Bootstrap, "-P", "-t", topic, "-l", file]);
        var read = await ConsumeAllAsync(topic, "%s\n");

        AssertSameBytes(await File.ReadAllBytesAsync(file), read);
    }

    [Fact]
    public async Task Keyed_messages_split_at_the_key_delimiter_keep_key_and_value()
    {
        const string topic = "kcat-keyed";
        var lines = Lines(new Random(12), 300, keyed: true);
        var file = MessagesFile(topic, lines);

        await Kcat.RunAsync(["-b", Bootstrap, "-P", "-t", topic, "-K:", "-l", file]);
        var read = await ConsumeAllAsync(topic, "%k:%s\n");
        AssertSameBytes(await File.ReadAllBytesAsync(file), read);

        // Another client sees the same split: the key is what came before the first ':'.
        var records = KafkaClients.ReadAll(Bootstrap, topic, 1, lines.Count);
        Assert.Equal(lines.Select(l => Encoding.UTF8.GetString(l[..Array.IndexOf(l, (byte)':')])), records.Select(r => r.Message.Key));
    }

    [Theory]
    [InlineData("gzip", 1)]
    [InlineData("snappy", 2)]
    [InlineData("lz4", 3)]
    [InlineData("zstd", 4)]
    public async Task Compressed_messages_are_stored_compressed_and_read_back_byte_for_byte(string codec, int attribute)
    {
        var version = await Kcat.RunAsync(["-V"]);
        Assert.True(version.StdoutText.Contains(codec, StringComparison.Ordinal), $"this kcat was built without {codec} ({version.StdoutText.Trim()}); run ./test.sh to install Debian's kcat");
        var topic = $"kcat-{codec}";
        // Repetitive text compresses: librdkafka sends a batch uncompressed when compressing does not make it smaller.
        var lines = Enumerable.Range(0, 400).Select(i => Encoding.UTF8.GetBytes($"k{i % 10}:{codec} message {i} " + string.Concat(Enumerable.Repeat("abc", 20 + (i % 50))))).ToList();
        var file = MessagesFile(topic, lines);

        await Kcat.RunAsync(["-b", Bootstrap, "-P", "-t", topic, "-K:", "-z", codec, "-l", file]);
        AssertSameBytes(await File.ReadAllBytesAsync(file), await ConsumeAllAsync(topic, "%k:%s\n"));

        // zstd needs Produce v7 and Fetch v10: had the broker advertised less, kcat would silently send it uncompressed.
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var stored));
        var batches = BatchHeaders(stored.Partitions[0].Read(0, int.MaxValue, minOneBatch: true)!).ToList();
        Assert.Contains(batches, b => b.CompressionCodec == attribute);
        // Only a batch of a single short message may have been sent plain, if compressing it did not pay.
        Assert.All(batches.Where(b => b.RecordCount > 1), b => Assert.Equal(attribute, b.CompressionCodec));
    }

    [Fact]
    public async Task Consuming_as_a_group_reads_every_message_once_and_commits_its_position()
    {
        const string topic = "kcat-group";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 2);
        var lines = Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetBytes($"group message {i}")).ToList();
        await Kcat.RunAsync(["-b", Bootstrap, "-P", "-t", topic, "-l", MessagesFile(topic, lines)]);

        // kcat applies -o to every assigned partition, overriding committed offsets; auto.offset.reset only applies without one.
        var first = await Kcat.RunAsync(["-b", Bootstrap, "-G", "kcat-readers", "-X", "auto.offset.reset=earliest", "-e", "-f", "%s\n", topic], TimeSpan.FromSeconds(60));
        var read = Encoding.UTF8.GetString(first.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Select(Encoding.UTF8.GetString).Order(), read.Order());

        // The group committed its position on close: the same group starts at the end and reads nothing.
        var second = await Kcat.RunAsync(["-b", Bootstrap, "-G", "kcat-readers", "-X", "auto.offset.reset=earliest", "-e", "-f", "%s\n", topic], TimeSpan.FromSeconds(60));
        Assert.Empty(second.Stdout);
    }

    /// <summary>Reads the whole single-partition topic from the beginning in kcat's <paramref name="format"/>.</summary>
    private async Task<byte[]> ConsumeAllAsync(string topic, string format) =>
        (await Kcat.RunAsync(["-b", Bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", format])).Stdout;

    /// <summary>Lines of any bytes but a newline: UTF-8, control characters, NUL, invalid UTF-8, long and short.</summary>
    private static List<byte[]> Lines(Random random, int count, bool keyed)
    {
        byte[] alphabet = [.. Encoding.UTF8.GetBytes("abcXYZ019 ,;:|\"'\\{}[]<>é€😀"), 0x00, 0x01, 0x09, 0x0D, 0x7F, 0xC3, 0xFF];
        var lines = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(8) == 0 ? random.Next(1_000, 20_000) : random.Next(1, 80);
            var line = new List<byte>();
            if (keyed)
            {
                line.AddRange(Encoding.UTF8.GetBytes($"key-{i % 17}-{random.Next(1000)}:"));
            }

            for (var j = 0; j < length; j++)
            {
                line.Add(alphabet[random.Next(alphabet.Length)]);
            }

            lines.Add([.. line]);
        }

        return lines;
    }

    private string MessagesFile(string name, IEnumerable<byte[]> lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stormline-{name}-{Guid.NewGuid():N}.txt");
        _files.Add(path);
        File.WriteAllBytes(path, lines.SelectMany(l => l.Append((byte)'\n')).ToArray());
        return path;
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        var at = expected.AsSpan().CommonPrefixLength(actual);
        Assert.Fail($"kcat read back {actual.Length} bytes, {expected.Length} were written; first difference at byte {at}: "
            + $"expected {Convert.ToHexString(expected.AsSpan(at, Math.Min(16, expected.Length - at)))}, got {Convert.ToHexString(actual.AsSpan(at, Math.Min(16, actual.Length - at)))}");
    }

    private static IEnumerable<RecordBatch> BatchHeaders(byte[] log)
    {
        for (var position = 0; position < log.Length;)
        {
            var header = RecordBatch.ReadHeader(log.AsSpan(position));
            yield return header;
            position += header.TotalSize;
        }
    }
}
