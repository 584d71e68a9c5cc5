namespace Stormline.Model.Generation;

/// <summary>One output of <c>stormline generate</c>: a path relative to the output folder, and its text.</summary>
public sealed record GeneratedFile(string Path, string Content);
