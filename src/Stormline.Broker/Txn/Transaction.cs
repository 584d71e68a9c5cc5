namespace Stormline.Broker.Txn;

/// <summary>
/// A transactional id held by the coordinator: its current metadata and the lock that serialises every change to it,
/// and a transactional produce's check-and-append against an EndTxn's markers.
/// </summary>
internal sealed class Transaction(TransactionMetadata metadata)
{
    private TransactionMetadata _metadata = metadata;

    public Lock Gate { get; } = new();

    /// <summary>
    /// Set under <see cref="Gate"/> when the id expired and left the coordinator: whoever took this object before
    /// must not change it (its changes would be written nowhere) and looks the id up again.
    /// </summary>
    public bool Expired { get; set; }

    /// <summary>Read without the lock for a consistent but possibly stale value; changed only under <see cref="Gate"/>.</summary>
    public TransactionMetadata Metadata
    {
        get => Volatile.Read(ref _metadata);
        set => Volatile.Write(ref _metadata, value);
    }
}
