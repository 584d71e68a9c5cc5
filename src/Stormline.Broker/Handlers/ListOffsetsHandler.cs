using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// ListOffsets: v1-10.
/// Behaviour: timestamp -1 (latest) answers the high watermark, -2 (earliest) the log start offset (moved by
/// retention and DeleteRecords), -3 (max timestamp) the first record with the largest timestamp in the log and that
/// timestamp (-1, -1 for an empty log), -4 (earliest local) the log start offset too (no tiered storage), -5 (latest
/// tiered) offset -1 (nothing is tiered); anything else the first record whose timestamp is at or after it, with that
/// record's own timestamp (-1, -1 when there is none; in a compressed batch the batch's first record). Latest under
/// isolation_level 1 (read_committed) is the last stable offset: the first offset of the earliest open transaction.
/// Version notes: v2 isolation_level and throttle; v4 current_leader_epoch in, leader_epoch out; v6 flexible; v7
/// max timestamp; v8 earliest local; v9 latest tiered; v10 timeout_ms (read and ignored: every lookup is local).
/// A special timestamp the request's version does not know is UNSUPPORTED_VERSION, as Kafka answers.
/// </summary>
internal sealed class ListOffsetsHandler(BrokerContext broker) : MessageHandler<ListOffsetsRequest, ListOffsetsResponse>(broker)
{
    private const long Latest = -1;
    private const long Earliest = -2;
    private const long MaxTimestamp = -3;
    private const long EarliestLocal = -4;
    private const long LatestTiered = -5;

    public override ApiKey Key => ApiKey.ListOffsets;

    public override short MinVersion => 1;

    public override short MaxVersion => 10;

    protected override ValueTask<ListOffsetsResponse> HandleAsync(Request request, ListOffsetsRequest message, CancellationToken cancellationToken)
    {
        var readCommitted = message.IsolationLevel == 1;
        var topics = message.Topics.Select(t =>
        {
            Broker.Topics.TryGet(t.Name, out var topic);
            var describable = Broker.Authorizer.AllowsTopic(request, AclOperation.Describe, t.Name);
            return new ListOffsetsResponse.ListOffsetsTopicResponse
            {
                Name = t.Name,
                Partitions = t.Partitions.Select(p => Answer(topic?.Partition(p.PartitionIndex), p.PartitionIndex, p.Timestamp, describable, readCommitted, request.Version)).ToList(),
            };
        }).ToList();
        return ValueTask.FromResult(new ListOffsetsResponse { Topics = topics });
    }

    private static ListOffsetsResponse.ListOffsetsPartitionResponse Answer(Log.PartitionLog? log, int index, long timestamp, bool describable, bool readCommitted, short v)
    {
        long offset = -1;
        long foundTimestamp = -1;
        var error = ErrorCode.None;
        if (!describable)
        {
            error = ErrorCode.TopicAuthorizationFailed;
        }
        else if (log is null)
        {
            error = ErrorCode.UnknownTopicOrPartition;
        }
        else if (timestamp == Latest)
        {
            offset = readCommitted ? log.LastStableOffset : log.HighWatermark;
        }
        else if (timestamp == Earliest || (timestamp == EarliestLocal && v >= 8))
        {
            offset = log.LogStartOffset;
        }
        else if (timestamp == MaxTimestamp && v >= 7)
        {
            (offset, foundTimestamp, error) = Find(log, l => l.FindMaxTimestamp());
        }
        else if (timestamp == LatestTiered && v >= 9)
        {
            offset = -1;
        }
        else if (timestamp < 0)
        {
            error = ErrorCode.UnsupportedVersion;
        }
        else
        {
            (offset, foundTimestamp, error) = Find(log, l => l.FindByTimestamp(timestamp));
        }

        return new ListOffsetsResponse.ListOffsetsPartitionResponse
        {
            PartitionIndex = index,
            ErrorCode = error,
            Timestamp = foundTimestamp,
            Offset = offset,
            LeaderEpoch = 0,
        };
    }

    /// <summary>A timestamp look-up, or UNKNOWN_TOPIC_OR_PARTITION when the topic was deleted while this request ran.</summary>
    private static (long Offset, long Timestamp, ErrorCode Error) Find(Log.PartitionLog log, Func<Log.PartitionLog, Log.TimestampMatch> find)
    {
        try
        {
            var (offset, timestamp) = find(log);
            return (offset, timestamp, ErrorCode.None);
        }
        catch (ObjectDisposedException)
        {
            return (-1, -1, ErrorCode.UnknownTopicOrPartition);
        }
    }
}
