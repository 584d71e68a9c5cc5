using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A payload field of an event or value object; <see cref="Pii"/> is set when the board marks it as personal data.</summary>
public sealed record Field(string Name, string? Label, SourceLocation Location, TypeRef Type) : ModelElement(Name, Label, Location)
{
    public PersonalDataMark? Pii { get; init; }
}
