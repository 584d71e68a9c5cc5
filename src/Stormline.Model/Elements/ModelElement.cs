using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>Anything on the board: it has a name (code), an optional label in any language (the sticky's text), and a place in the file.</summary>
public abstract record ModelElement(string Name, string? Label, SourceLocation Location);
