using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeLogDirs: v0-4.
/// Behaviour: one log directory, the broker's data directory (absolute path), holding every partition. Each partition
/// answers the bytes of its segment files, offset lag 0 (a single node's log end is its high watermark) and
/// is_future false (logs never move between directories). A null topic list means all topics; topics or partitions
/// that do not exist are left out, as Kafka does.
/// Version notes: v1 same as v0; v2 flexible; v3 top-level error code; v4 the directory's total and usable bytes
/// (of the file system holding it).
/// Authorization: DESCRIBE on the cluster; without it no directory is listed and v3+ answer CLUSTER_AUTHORIZATION_FAILED.
/// </summary>
internal sealed class DescribeLogDirsHandler(BrokerContext broker) : MessageHandler<DescribeLogDirsRequest, DescribeLogDirsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DescribeLogDirs;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override ValueTask<DescribeLogDirsResponse> HandleAsync(Request request, DescribeLogDirsRequest message, CancellationToken cancellationToken)
    {
        var described = Describe(message.Topics);
        if (!Broker.Authorizer.AllowsCluster(request, AclOperation.Describe))
        {
            return ValueTask.FromResult(new DescribeLogDirsResponse { ErrorCode = ErrorCode.ClusterAuthorizationFailed });
        }

        var directory = Path.GetFullPath(Broker.DataDirectory);
        var (total, usable) = request.Version >= 4 ? SpaceOf(directory) : (-1, -1);
        return ValueTask.FromResult(new DescribeLogDirsResponse
        {
            Results =
            [
                new DescribeLogDirsResponse.DescribeLogDirsResult
                {
                    LogDir = directory,
                    Topics = described.Select(t => new DescribeLogDirsResponse.DescribeLogDirsTopic
                    {
                        Name = t.Topic,
                        Partitions = t.Partitions.Select(p => new DescribeLogDirsResponse.DescribeLogDirsPartition { PartitionIndex = p.Index, PartitionSize = p.Size }).ToList(),
                    }).ToList(),
                    TotalBytes = total,
                    UsableBytes = usable,
                },
            ],
        });
    }

    private List<(string Topic, List<(int Index, long Size)> Partitions)> Describe(List<DescribeLogDirsRequest.DescribableLogDirTopic>? requested)
    {
        IEnumerable<(Topic Topic, IEnumerable<int> Partitions)> chosen = requested is null
            ? Broker.Topics.All.Select(t => (t, Enumerable.Range(0, t.Partitions.Count)))
            : requested
                .Select(r => (Found: Broker.Topics.TryGet(r.Topic, out var topic) ? topic : null, r.Partitions))
                .Where(r => r.Found is not null)
                .Select(r => (r.Found!, (IEnumerable<int>)r.Partitions));
        return chosen
            .Select(c => (c.Topic.Name, Partitions: c.Partitions.Distinct().Select(i => (Index: i, Log: c.Topic.Partition(i))).Where(p => p.Log is not null).Select(p => (p.Index, p.Log!.SizeInBytes)).ToList()))
            .Where(t => t.Partitions.Count > 0)
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => (g.Key, g.SelectMany(t => t.Partitions).DistinctBy(p => p.Index).ToList()))
            .ToList();
    }

    /// <summary>Kafka's -1 when the file system cannot be asked.</summary>
    private static (long Total, long Usable) SpaceOf(string directory)
    {
        try
        {
            var drive = new DriveInfo(directory);
            return (drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (-1, -1);
        }
    }
}
