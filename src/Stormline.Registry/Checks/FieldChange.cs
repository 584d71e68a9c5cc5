namespace Stormline.Registry.Checks;

/// <summary>
/// One field-level change between two versions of a schema: <c>added</c>, <c>removed</c>, <c>renamed</c> (through an
/// alias), <c>type-changed</c>, <c>default-changed</c>, or <c>changed</c> (something else the compatibility check
/// found, such as a record's name). <see cref="Path"/> is the field path (<c>lines[].qty</c>; "" is the whole schema).
/// </summary>
public sealed record FieldChange(string Kind, string Path, string? Before, string? After, IReadOnlyList<LevelBreak> Breaks)
{
    /// <summary>The levels this change breaks: BACKWARD, FORWARD, and FULL when either does (the _TRANSITIVE ones alike).</summary>
    public IReadOnlyList<string> BrokenLevels
    {
        get
        {
            var backward = Breaks.Any(b => b.Level == SchemaChanges.Backward);
            var forward = Breaks.Any(b => b.Level == SchemaChanges.Forward);
            return [.. new[] { (backward, SchemaChanges.Backward), (forward, SchemaChanges.Forward), (backward || forward, "FULL") }.Where(l => l.Item1).Select(l => l.Item2)];
        }
    }
}
