namespace Stormline.Model.Board;

/// <summary>Where everything goes on the wall; computed once so the HTML needs no script and arrows can be drawn in SVG.</summary>
public sealed record BoardLayout(string System, string? Label, IReadOnlyList<Swimlane> Lanes, IReadOnlyList<Sticky> Stickies, IReadOnlyList<PolicyArrow> Arrows, double Width, double Height);
