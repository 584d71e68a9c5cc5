using Stormline.Bench.Measurement;

namespace Stormline.Bench.Targets;

/// <summary>One producer and one consumer on one stream, both in this process, for end-to-end latency.</summary>
public interface ILatencyProbe : IAsyncDisposable
{
    /// <summary>Reads from the start of the (fresh) stream and records every value's stamp until cancelled.</summary>
    Task ConsumeAsync(LatencyRecorder recorder, CancellationToken cancellationToken);

    /// <summary>Sends one stamped value without waiting for its acknowledgement. Called from one thread.</summary>
    void Send(byte[] value);

    /// <summary>Waits for every acknowledgement of what was sent; returns how many sends failed.</summary>
    Task<long> DrainAsync();
}
