namespace Stormline.Broker.Producers;

/// <summary>
/// One producer's state in a partition as DescribeProducers answers it: its epoch, the last sequence and max timestamp
/// it wrote here (-1 before any), the coordinator epoch of its last marker here (-1 before any) and the first offset of
/// its open transaction here (-1 when none is open).
/// </summary>
internal readonly record struct ActiveProducer(long ProducerId, short Epoch, int LastSequence, long LastTimestamp, int CoordinatorEpoch, long CurrentTxnStartOffset);
