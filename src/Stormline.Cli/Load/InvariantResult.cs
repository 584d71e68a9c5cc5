namespace Stormline.Cli.Load;

/// <summary>One invariant: its name, how many orders it was checked on, and the orders that broke it (with why).</summary>
public sealed record InvariantResult(string Name, int Checked, IReadOnlyList<string> Violations, string? NotChecked = null)
{
    /// <summary>An invariant that could not be checked does not fail the run; the report says it was not checked.</summary>
    public bool Holds => Violations.Count == 0;

    public override string ToString() => NotChecked is not null
        ? $"  -    {Name}: not checked ({NotChecked})"
        : Violations.Count == 0
            ? $"  ok   {Name} ({Checked} checked)"
            : $"  FAIL {Name}: {Violations.Count} of {Checked}, e.g. {string.Join("; ", Violations.Take(3))}";
}
