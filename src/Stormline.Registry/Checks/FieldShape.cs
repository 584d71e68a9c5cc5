namespace Stormline.Registry.Checks;

/// <summary>What the semantic diff compares of one field: its type as a reader would name it, its default, its aliases.</summary>
internal sealed record FieldShape(string Type, string? Default, IReadOnlyList<string> Aliases)
{
    public override string ToString() => Default is null ? Type : $"{Type}, default {Default}";
}
