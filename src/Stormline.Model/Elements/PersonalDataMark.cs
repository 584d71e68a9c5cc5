using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>
/// A field marked <c>pii: true</c> (or <c>pii: contact</c>, a classification): its value is personal data of the event's
/// data subject. It travels as the schema tag <see cref="Tag"/>, is masked by the console and encrypted by the store.
/// </summary>
public sealed record PersonalDataMark(string? Classification, SourceLocation Location)
{
    /// <summary>The data-contract tag every marked field carries (Confluent's <c>confluent:tags</c>).</summary>
    public const string Tag = "PII";

    /// <summary><see cref="Tag"/>, then the classification when there is one.</summary>
    public IReadOnlyList<string> Tags => Classification is null ? [Tag] : [Tag, Classification];
}
