using System.Data.Common;
using System.Text;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.PersonalData;

public sealed partial class PersonalDataProtection
{
    /// <summary>
    /// Opens the personal fields of <paramref name="events"/> in place, with one <see cref="ISubjectKeys.Find"/> for
    /// the page; a forgotten key gives the field's erased value. An event whose text holds no envelope is not parsed,
    /// and one opened a moment ago by another reader is taken from the <see cref="RevealMemo"/> once its keys are
    /// confirmed by this call's look-up.
    /// </summary>
    /// <exception cref="InvalidDataException">An envelope does not open with its key: it was altered.</exception>
    public async Task Reveal(IList<StreamEvent> events, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!AnySealed(events)) return; // most pages: nothing to rent or look up
        using var page = new RevealPage();
        List<(int Index, RevealMemo.Entry Entry)>? remembered = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!MaySeal(e, out var plan)) continue;
            if (_memo.Find(e) is { } entry)
            {
                (remembered ??= []).Add((i, entry));
                foreach (var (keyId, _) in entry.Keys) page.KeyIds.Add(keyId);
            }
            else
            {
                page.Scan(i, e.Data, plan);
            }
        }

        if (page.Found.Count == 0 && remembered is null) return;
        var known = page.KeyIds.Count == 0 ? new Dictionary<string, byte[]>() : await Keys.Find(page.KeyIds, transaction, cancellationToken);
        foreach (var (index, entry) in remembered ?? [])
        {
            if (RevealMemo.StillOpens(entry, known))
            {
                events[index] = events[index] with { Data = entry.Revealed };
                continue;
            }
            _memo.Forget(events[index].EventId); // a key went: open it again, to its erased values
            page.Scan(index, events[index].Data, _plans[events[index].Type]);
        }

        using var ciphers = new KeyCiphers(known);
        using var output = new PooledBuffer();
        using var sealedBytes = new PooledBuffer(256);
        var used = new List<KeyValuePair<string, byte[]>>();
        foreach (var f in page.Found)
        {
            var json = page.Source.WrittenSpan.Slice(f.Offset, f.Length);
            var stored = events[f.Index];
            output.Clear();
            used.Clear();
            var copied = 0;
            var erased = false;
            for (var s = f.FirstSpot; s < f.FirstSpot + f.Spots; s++)
            {
                var spot = page.Spots[s];
                if (spot.Kind != FieldSpotKind.Sealed) continue; // null or plain: stays as stored
                output.Write(json[copied..spot.Start]);
                var key = Open(spot, json, f.Plan, ciphers, sealedBytes, output, stored);
                if (key is null) erased = true;
                else if (!Uses(used, key.KeyId)) used.Add(new(key.KeyId, key.Key));
                copied = spot.End;
            }
            if (copied == 0) continue;
            output.Write(json[copied..]);
            events[f.Index] = stored with { Data = Encoding.UTF8.GetString(output.WrittenSpan) };
            if (!erased) _memo.Remember(stored.EventId, new RevealMemo.Entry(stored.Data, events[f.Index].Data, [.. used]));
        }
    }

    /// <summary>Whether the event is of a protected type and its text holds an envelope; found without parsing it.</summary>
    private bool MaySeal(StreamEvent e, out ProtectedEventPlan plan) =>
        _plans.TryGetValue(e.Type, out plan!) && e.Data.Contains(FieldEnvelope.Prefix, StringComparison.Ordinal);

    private bool AnySealed(IList<StreamEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
            if (MaySeal(events[i], out _)) return true;
        return false;
    }

    private static bool Uses(List<KeyValuePair<string, byte[]>> used, string keyId)
    {
        foreach (var (id, _) in used)
            if (id == keyId) return true;
        return false;
    }
}
