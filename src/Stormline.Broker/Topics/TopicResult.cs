using Stormline.Broker.Protocol;

namespace Stormline.Broker.Topics;

/// <summary>Outcome of a topic operation: a Kafka error code and, on failure, a message for the client.</summary>
public readonly record struct TopicResult(ErrorCode Error, string? Message = null)
{
    public static readonly TopicResult Ok = new(ErrorCode.None);

    public bool Succeeded => Error == ErrorCode.None;
}
