using Stormline.Broker.Protocol;

namespace Stormline.Broker.Txn;

/// <summary>InitProducerId's answer: the producer id and epoch to use, or the error (then -1, -1).</summary>
internal readonly record struct ProducerIdAndEpoch(ErrorCode Error, long ProducerId, short ProducerEpoch)
{
    public static ProducerIdAndEpoch Failed(ErrorCode error) => new(error, -1, -1);
}
