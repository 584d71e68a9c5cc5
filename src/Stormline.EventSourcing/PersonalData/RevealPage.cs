using System.Text;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// One reveal call's scan: the UTF-8 of the events that hold envelopes, one after another in a pooled buffer, where
/// their personal values sit, and the key ids the page needs. Not thread-safe.
/// </summary>
internal sealed class RevealPage : IDisposable
{
    private const int MaxStackKeyId = 128;

    public PooledBuffer Source { get; } = new();

    public List<FieldSpot> Spots { get; } = [];

    public List<PersonalDataProtection.Found> Found { get; } = [];

    public HashSet<string> KeyIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Finds the personal values of event <paramref name="index"/> and the key ids of its envelopes.</summary>
    public void Scan(int index, string data, ProtectedEventPlan plan)
    {
        var offset = PersonalDataProtection.Encode(data, Source);
        var json = Source.WrittenSpan[offset..];
        var first = Spots.Count;
        if (!PersonalFieldScanner.Scan(json, plan, Spots, out _) || Spots.Count == first) return;
        Found.Add(new PersonalDataProtection.Found(index, plan, offset, json.Length, first, Spots.Count - first, null));
        for (var s = first; s < Spots.Count; s++)
            if (Spots[s].Kind == FieldSpotKind.Sealed && FieldEnvelope.TrySplit(PersonalDataProtection.EnvelopeOf(Spots[s], json), out var keyId, out _))
                AddKeyId(keyId);
    }

    /// <summary>Adds the key id; a string is made only for an id not seen yet in this call.</summary>
    private void AddKeyId(ReadOnlySpan<byte> keyId)
    {
        if (keyId.Length > MaxStackKeyId)
        {
            KeyIds.Add(Encoding.UTF8.GetString(keyId));
            return;
        }

        Span<char> chars = stackalloc char[MaxStackKeyId];
        chars = chars[..Encoding.UTF8.GetChars(keyId, chars)];
        if (!KeyIds.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars)) KeyIds.Add(chars.ToString());
    }

    public void Dispose() => Source.Dispose();
}
