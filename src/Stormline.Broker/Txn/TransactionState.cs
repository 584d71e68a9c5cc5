namespace Stormline.Broker.Txn;

/// <summary>
/// Where a transactional id's transaction stands, numbered as Kafka's TransactionState ids (its transaction log
/// stores them). This coordinator writes the markers itself, so Prepare* lasts only while they are written, or, after
/// a failure or a crash, until they are written on the next tick or start.
/// </summary>
internal enum TransactionState : sbyte
{
    /// <summary>No transaction since InitProducerId.</summary>
    Empty = 0,

    /// <summary>Partitions or a group were added; the transaction takes writes.</summary>
    Ongoing = 1,

    /// <summary>Commit decided (durably); markers and offsets are being written.</summary>
    PrepareCommit = 2,

    /// <summary>Abort decided (durably); markers are being written.</summary>
    PrepareAbort = 3,

    CompleteCommit = 4,

    CompleteAbort = 5,
}
