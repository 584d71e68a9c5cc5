using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>Outcome of appending one produce request's records to a partition.</summary>
public readonly record struct AppendResult(ErrorCode Error, long BaseOffset, long LogAppendTime, long LogStartOffset, string? ErrorMessage = null)
{
    public static AppendResult Failed(ErrorCode error, string? message = null) => new(error, -1, -1, -1, message);
}
