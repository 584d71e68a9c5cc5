using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Server;

/// <summary>
/// Error responses for injected faults: the request is decoded only to name its partitions, and each gets the error.
/// The generated message types carry every version's layout, so any version a handler serves is answered.
/// </summary>
internal static class FaultResponses
{
    private const string Message = "injected fault";

    public static readonly IReadOnlyList<ApiKey> Keys =
        [ApiKey.Produce, ApiKey.OffsetCommit, ApiKey.Fetch, ApiKey.FindCoordinator, ApiKey.Heartbeat, ApiKey.SyncGroup];

    public static bool Supports(ApiKey key) => Keys.Contains(key);

    public static DispatchOutcome Write(RequestHeader header, KafkaReader body, KafkaWriter response, short error)
    {
        var v = header.ApiVersion;
        var code = (ErrorCode)error;
        switch (header.ApiKey)
        {
            case ApiKey.Produce:
                var produce = ProduceRequest.Read(body, v);
                if (produce.Acks == 0)
                {
                    return DispatchOutcome.NoResponse; // the client expects no answer, so the failure is silent, as a real one would be
                }

                Answer(Produce(produce, code), response, v);
                break;
            case ApiKey.OffsetCommit:
                Answer(OffsetCommit(OffsetCommitRequest.Read(body, v), code), response, v);
                break;
            case ApiKey.Fetch:
                Answer(Fetch(FetchRequest.Read(body, v), code), response, v);
                break;
            case ApiKey.FindCoordinator:
                Answer(new FindCoordinatorResponse { ErrorCode = code, ErrorMessage = Message, NodeId = -1, Host = string.Empty, Port = -1 }, response, v);
                break;
            case ApiKey.Heartbeat:
                Answer(new HeartbeatResponse { ErrorCode = code }, response, v);
                break;
            case ApiKey.SyncGroup:
                Answer(new SyncGroupResponse { ErrorCode = code }, response, v);
                break;
            default:
                throw new NotSupportedException($"No fault response for {header.ApiKey}");
        }

        return DispatchOutcome.Respond;
    }

    private static void Answer<T>(T message, KafkaWriter response, short version)
        where T : IKafkaMessage<T> => message.Write(response, version);

    private static ProduceResponse Produce(ProduceRequest request, ErrorCode error) => new()
    {
        Responses = request.TopicData.Select(t => new ProduceResponse.TopicProduceResponse
        {
            Name = t.Name,
            PartitionResponses = t.PartitionData.Select(p => new ProduceResponse.PartitionProduceResponse
            {
                Index = p.Index,
                ErrorCode = error,
                BaseOffset = -1,
                ErrorMessage = Message,
            }).ToList(),
        }).ToList(),
    };

    private static OffsetCommitResponse OffsetCommit(OffsetCommitRequest request, ErrorCode error) => new()
    {
        Topics = request.Topics.Select(t => new OffsetCommitResponse.OffsetCommitResponseTopic
        {
            Name = t.Name,
            Partitions = t.Partitions.Select(p => new OffsetCommitResponse.OffsetCommitResponsePartition { PartitionIndex = p.PartitionIndex, ErrorCode = error }).ToList(),
        }).ToList(),
    };

    private static FetchResponse Fetch(FetchRequest request, ErrorCode error) => new()
    {
        Responses = request.Topics.Select(t => new FetchResponse.FetchableTopicResponse
        {
            Topic = t.Topic,
            TopicId = t.TopicId,
            Partitions = t.Partitions.Select(p => new FetchResponse.PartitionData
            {
                PartitionIndex = p.Partition,
                ErrorCode = error,
                HighWatermark = -1,
                Records = ReadOnlyMemory<byte>.Empty, // librdkafka drops a whole response with a null record set
            }).ToList(),
        }).ToList(),
    };
}
