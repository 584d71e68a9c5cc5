namespace Stormline.EventSourcing.Streams;

/// <summary>
/// What the writer believes the stream's last version is. Versions start at 0 for a stream's first event, so
/// <see cref="NoStream"/> (-1) is also "the version before the first event".
/// </summary>
public readonly record struct ExpectedVersion
{
    public ExpectedVersion(long value)
    {
        if (value < -2) throw new ArgumentOutOfRangeException(nameof(value), value, "Expected version must be -2 (any), -1 (no stream) or ≥ 0.");
        Value = value;
    }

    public long Value { get; }

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(-1);

    /// <summary>No concurrency check.</summary>
    public static ExpectedVersion Any { get; } = new(-2);

    /// <summary>The stream's last event must have exactly this version.</summary>
    public static ExpectedVersion Exact(long version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), version, "An exact version is ≥ 0.");

    /// <summary>The expectation that matches a stream whose last version is <paramref name="lastVersion"/> (-1 when it does not exist).</summary>
    public static ExpectedVersion From(long lastVersion) => lastVersion < 0 ? NoStream : Exact(lastVersion);

    /// <summary>Whether a stream whose last version is <paramref name="actual"/> (-1 = no stream) satisfies this expectation.</summary>
    public bool IsSatisfiedBy(long actual) => Value == -2 || Value == actual;

    public override string ToString() => Value switch
    {
        -2 => "any",
        -1 => "no stream",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
