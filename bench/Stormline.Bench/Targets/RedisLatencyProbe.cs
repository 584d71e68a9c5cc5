using StackExchange.Redis;
using Stormline.Bench.Measurement;
using Stormline.Bench.Workloads;

namespace Stormline.Bench.Targets;

/// <summary>
/// XADD on the shared connection and a blocking XREAD loop on a connection of its own (a blocking read would
/// stall every other command multiplexed on the same socket).
/// </summary>
public sealed class RedisLatencyProbe(IDatabase producer, ConnectionMultiplexer consumerConnection, string stream) : ILatencyProbe
{
    private readonly List<Task<RedisValue>> _pending = [];

    public async Task ConsumeAsync(LatencyRecorder recorder, CancellationToken cancellationToken)
    {
        var db = consumerConnection.GetDatabase();
        var last = "0-0";
        while (!cancellationToken.IsCancellationRequested)
        {
            var reply = await db.ExecuteAsync("XREAD", "COUNT", 1000, "BLOCK", 100, "STREAMS", stream, last);
            if (reply.IsNull || reply.Length < 1)
            {
                continue;
            }

            // RESP2: [[key, entries]]; RESP3 (a map, flattened): [key, entries]. Entries: [[id, [field, value]], ...].
            var top = (RedisResult[])reply!;
            var entries = (RedisResult[])(top[0].Resp2Type == ResultType.Array ? top[0][1] : top[1])!;
            foreach (var entry in entries)
            {
                var parts = (RedisResult[])entry!;
                var fields = (RedisResult[])parts[1]!;
                recorder.Record(Payload.ReadStamp((byte[])fields[1]!));
                last = (string)parts[0]!;
            }
        }
    }

    public void Send(byte[] value) => _pending.Add(producer.StreamAddAsync(stream, "d", value));

    public async Task<long> DrainAsync()
    {
        long failed = 0;
        foreach (var pending in _pending)
        {
            try
            {
                await pending;
            }
            catch (RedisException)
            {
                failed++;
            }
        }

        return failed;
    }

    public async ValueTask DisposeAsync() => await consumerConnection.DisposeAsync();
}
