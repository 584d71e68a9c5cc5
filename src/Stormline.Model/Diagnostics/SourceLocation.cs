namespace Stormline.Model.Diagnostics;

/// <summary>A place in a model file; line and column start at 1, as editors count them.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
