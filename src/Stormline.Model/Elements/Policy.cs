using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>"Whenever this event, then that command" (lilac sticky). It lives in the context that reacts.</summary>
public sealed record Policy(string Name, string? Label, SourceLocation Location, string Context, NameRef When, NameRef Then)
    : ModelElement(Name, Label, Location);
