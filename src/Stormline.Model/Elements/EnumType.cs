using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A closed set of symbols used as a field type (e.g. PaymentMethod: Card, BankTransfer).</summary>
public sealed record EnumType(string Name, string? Label, SourceLocation Location, string Context, IReadOnlyList<NameRef> Symbols)
    : ModelElement(Name, Label, Location);
