using Stormline.Broker.Protocol;

namespace Stormline.Broker.Producers;

/// <summary>The verdict on an idempotent batch: append it, answer it as a duplicate, or reject it.</summary>
internal readonly record struct SequenceCheck(ErrorCode Error, long DuplicateOfOffset)
{
    public static readonly SequenceCheck Append = new(ErrorCode.None, -1);

    public bool IsDuplicate => DuplicateOfOffset >= 0;

    public static SequenceCheck Duplicate(long baseOffset) => new(ErrorCode.None, baseOffset);

    public static SequenceCheck Reject(ErrorCode error) => new(error, -1);
}
