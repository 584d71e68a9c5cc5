namespace Stormline.Broker.Codegen;

/// <summary>A version range as Kafka's message definitions write it: "none", "3", "3+" or "1-4".</summary>
public readonly record struct VersionRange(short Lowest, short Highest)
{
    public static readonly VersionRange None = new(1, 0);

    public bool IsEmpty => Lowest > Highest;

    public static VersionRange Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text == "none")
        {
            return None;
        }

        if (text.EndsWith('+'))
        {
            return new VersionRange(short.Parse(text[..^1]), short.MaxValue);
        }

        var dash = text.IndexOf('-');
        return dash < 0
            ? new VersionRange(short.Parse(text), short.Parse(text))
            : new VersionRange(short.Parse(text[..dash]), short.Parse(text[(dash + 1)..]));
    }

    public VersionRange Intersect(VersionRange other) =>
        new(Math.Max(Lowest, other.Lowest), Math.Min(Highest, other.Highest));

    public bool Contains(VersionRange other) => other.IsEmpty || (Lowest <= other.Lowest && other.Highest <= Highest);

    /// <summary>A C# condition on <c>version</c> for this range, or null where every version of <paramref name="context"/> is in it.</summary>
    public string? ConditionWithin(VersionRange context)
    {
        var range = Intersect(context);
        if (range.IsEmpty)
        {
            return "false";
        }

        var low = range.Lowest > context.Lowest ? $"version >= {range.Lowest}" : null;
        var high = range.Highest < context.Highest ? $"version <= {range.Highest}" : null;
        return (low, high) switch
        {
            (null, null) => null,
            (not null, null) => low,
            (null, not null) => high,
            _ => $"{low} && {high}",
        };
    }

    public override string ToString() => IsEmpty ? "none" : Highest == short.MaxValue ? $"{Lowest}+" : Lowest == Highest ? $"{Lowest}" : $"{Lowest}-{Highest}";
}
