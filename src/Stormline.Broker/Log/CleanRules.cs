using Stormline.Broker.Producers;

namespace Stormline.Broker.Log;

/// <summary>
/// What one cleaning pass drops from a segment: records whose key has a later offset in <see cref="Map"/>, batches
/// of <see cref="Aborted"/> transactions and, past the segment's delete horizon (<see cref="DropTombstones"/>),
/// tombstones and the markers of transactions with no data left. <see cref="Transactions"/> carries, from segment to
/// segment in offset order, whether each producer's current transaction kept any data so far;
/// <see cref="RemovedAbortMarkers"/> collects the offsets of the ABORT markers dropped from this segment, whose
/// aborted-transaction entries go when its cleaned copy is swapped in.
/// </summary>
internal sealed record CleanRules(
    Dictionary<byte[], long> Map,
    List<AbortedTransaction> Aborted,
    Dictionary<long, bool> Transactions,
    bool DropTombstones)
{
    public HashSet<long> RemovedAbortMarkers { get; init; } = [];
}
