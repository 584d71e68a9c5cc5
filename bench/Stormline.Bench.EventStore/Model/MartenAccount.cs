namespace Stormline.Bench.EventStore.Model;

/// <summary>
/// The same aggregate in Marten's self-aggregating style (an Apply method per event). It is also the snapshot
/// document: <see cref="Id"/> is the stream key and <see cref="Deposits"/> the number of events folded (Marten's
/// stream versions start at 1, so it is the version the snapshot was taken at).
/// </summary>
public sealed class MartenAccount
{
    public string Id { get; set; } = "";

    public decimal Balance { get; set; }

    public int Deposits { get; set; }

    public string? LastReference { get; set; }

    public void Apply(Deposited @event)
    {
        Balance += @event.Amount;
        Deposits++;
        LastReference = @event.Reference;
    }
}
