namespace Stormline.Broker.Txn;

/// <summary>
/// A transactional id held by the coordinator: its current metadata and the lock that serialises every change to it,
/// and a transactional produce's check-and-append against an EndTxn's markers.
/// </summary>
internal sealed class Transaction(TransactionMetadata metadata)
{
    private TransactionMetadata _metadata = metadata;

    public Lock Gate { get; } = new();

    /// <summary>Read without the lock for a consistent but possibly stale value; changed only under <see cref="Gate"/>.</summary>
    public TransactionMetadata Metadata
    {
        get => Volatile.Read(ref _metadata);
        set => Volatile.Write(ref _metadata, value);
    }
}
