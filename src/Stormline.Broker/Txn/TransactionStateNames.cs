namespace Stormline.Broker.Txn;

/// <summary>The names Kafka's admin API gives transaction states (TransactionState.name in Kafka's coordinator).</summary>
internal static class TransactionStateNames
{
    private static readonly Dictionary<string, TransactionState> ByName =
        Enum.GetValues<TransactionState>().ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    /// <summary>Kafka's states this coordinator never holds: a ListTransactions filter naming them matches nothing but is not unknown.</summary>
    private static readonly string[] NeverHeld = ["Dead", "PrepareEpochFence"];

    public static string Of(TransactionState state) => state.ToString();

    /// <summary>
    /// The state a ListTransactions filter names (null for one Kafka has and this coordinator never holds); false for
    /// a name Kafka does not know, which the answer reports back as unknown.
    /// </summary>
    public static bool TryParse(string name, out TransactionState? state)
    {
        state = ByName.TryGetValue(name, out var known) ? known : null;
        return state is not null || NeverHeld.Contains(name, StringComparer.Ordinal);
    }
}
