using Microsoft.Extensions.Logging.Abstractions;
using Stormline.Broker.Groups;
using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Groups;

/// <summary>Committed offsets are fsynced by the broker's flush policy (log.flush.interval.messages), as Kafka's offsets topic is.</summary>
public sealed class OffsetStoreFlushTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-offset-flush-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(long.MaxValue, 0)]
    [InlineData(1, 6)]
    [InlineData(3, 2)]
    public void Commits_are_fsynced_every_flush_interval_messages(long flushIntervalMessages, long expectedFsyncs)
    {
        var policy = new BrokerOptions { FlushIntervalMessages = flushIntervalMessages };
        using var store = new OffsetStore(_dataDirectory, NullLogger.Instance, policy);
        for (var i = 0; i < 6; i++)
        {
            store.Commit("flushed", [new PartitionOffset("t", 0, new CommittedOffset(i, -1, string.Empty, 0))]);
        }

        Assert.Equal(expectedFsyncs, store.FsyncCount);
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
}
