namespace Stormline.Broker.Producers;

/// <summary>
/// An aborted transaction in one partition (an entry of Kafka's transaction index): its producer, its first offset
/// there and the offset of its ABORT marker. Fetch hands these to read_committed consumers, which drop the producer's
/// batches from <see cref="FirstOffset"/> until they meet the marker.
/// </summary>
internal readonly record struct AbortedTransaction(long ProducerId, long FirstOffset, long LastOffset);
