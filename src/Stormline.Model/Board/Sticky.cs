namespace Stormline.Model.Board;

/// <summary>A sticky placed on the board, in pixels from the board's top-left corner.</summary>
/// <param name="Title">The element's name (code), shown first.</param>
/// <param name="Caption">A second line: how a policy connects, or what an element belongs to.</param>
/// <param name="Label">The human label in any language, shown beside the name.</param>
public sealed record Sticky(StickyKind Kind, string Name, string Title, string? Caption, string? Label, string Context, double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double MiddleY => Y + (Height / 2);
}
