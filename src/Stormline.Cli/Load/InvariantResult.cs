namespace Stormline.Cli.Load;

/// <summary>One invariant: its name, how many orders it was checked on, and the orders that broke it (with why).</summary>
public sealed record InvariantResult(string Name, int Checked, IReadOnlyList<string> Violations)
{
    public bool Holds => Violations.Count == 0;

    public override string ToString() => Violations.Count == 0
            ? $"  ok   {Name} ({Checked} checked)"
            : $"  FAIL {Name}: {Violations.Count} of {Checked}, e.g. {string.Join("; ", Violations.Take(3))}";
}
