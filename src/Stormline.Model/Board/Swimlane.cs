namespace Stormline.Model.Board;

/// <summary>One bounded context's horizontal band on the board.</summary>
public sealed record Swimlane(string Context, string? Label, string Topic, double Y, double Height);
