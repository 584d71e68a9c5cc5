using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>
/// A fact in the past tense (orange sticky), published on its context's topic with its typed payload. <see cref="Subject"/>
/// names the field that identifies whose personal data the event carries (e.g. <c>userId</c>).
/// </summary>
public sealed record DomainEvent(string Name, string? Label, SourceLocation Location, string Context, IReadOnlyList<Field> Fields)
    : ModelElement(Name, Label, Location)
{
    public NameRef? Subject { get; init; }
}
