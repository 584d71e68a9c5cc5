namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// Where a personal field's value sits in an event's UTF-8 JSON: bytes [Start, End), the value's first token to its
/// last. <see cref="Envelope"/> holds an envelope's text only when the JSON escaped it, else it is read in place.
/// </summary>
internal readonly record struct FieldSpot(int Field, int Start, int End, FieldSpotKind Kind, string? Envelope = null);

internal enum FieldSpotKind
{
    /// <summary>JSON null: nothing to seal or open.</summary>
    Null,

    /// <summary>A string holding a sealed envelope.</summary>
    Sealed,

    /// <summary>Any other value: plain data to seal.</summary>
    Plain,
}
