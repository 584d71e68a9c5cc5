using System.Data.Common;
using System.Text;
using System.Text.Json;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.PersonalData;

public sealed partial class PersonalDataProtection
{
    /// <summary>
    /// The events with their personal fields sealed; the same list when none has any. The keys of every subject in
    /// <paramref name="events"/> come from one <see cref="ISubjectKeys.KeysFor"/> call, in <paramref name="transaction"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">An event with personal data has no value in its subject field, or is not a JSON object.</exception>
    public async Task<IReadOnlyList<EventData>> Protect(IReadOnlyList<EventData> events, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!AnyProtected(events)) return events; // most appends: nothing to rent or look up
        using var source = new PooledBuffer();
        var spots = new List<FieldSpot>();
        List<Found>? found = null;
        HashSet<string>? subjects = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!_plans.TryGetValue(e.Type, out var plan)) continue;
            var offset = Encode(e.Data, source);
            var first = spots.Count;
            if (!PersonalFieldScanner.Scan(source.WrittenSpan[offset..], plan, spots, out var subject))
                throw new InvalidOperationException($"Event {e.EventId} ({e.Type}) is not a JSON object.");
            if (subject is null) throw new InvalidOperationException(
                $"Event {e.EventId} ({e.Type}) carries personal data but its subject field '{plan.Shape.SubjectField}' is empty; the data cannot be keyed to a person.");
            if (!AnyPlain(spots, first)) continue; // nothing to seal: no key needed
            (found ??= []).Add(new Found(i, plan, offset, source.Length - offset, first, spots.Count - first, subject));
            (subjects ??= new(StringComparer.Ordinal)).Add(subject);
        }

        if (found is null) return events;
        var keys = await Keys.KeysFor(subjects!, transaction, cancellationToken);
        using var sealers = new SubjectSealers(keys);
        using var output = new PooledBuffer();
        using var plain = new PooledBuffer(256);
        using var sealedBytes = new PooledBuffer(256);
        using var plainWriter = new Utf8JsonWriter(plain);
        var sealedEvents = events.ToArray();
        foreach (var f in found)
        {
            var json = source.WrittenSpan.Slice(f.Offset, f.Length);
            var (cipher, keyIdJson) = sealers.For(f.Subject!);
            output.Clear();
            var copied = 0;
            for (var s = f.FirstSpot; s < f.FirstSpot + f.Spots; s++)
            {
                var spot = spots[s];
                if (spot.Kind != FieldSpotKind.Plain) continue; // null stays null; a sealed value is not sealed twice
                output.Write(json[copied..spot.Start]);
                plain.Clear();
                plainWriter.Reset(plain);
                CompactJson.Copy(json[spot.Start..spot.End], plainWriter);
                plainWriter.Flush();
                var length = FieldEnvelope.SealedLength(plain.Length);
                sealedBytes.Clear();
                var sealedSpan = sealedBytes.GetSpan(length)[..length];
                FieldEnvelope.Seal(cipher, f.Plan.Paths[spot.Field], plain.WrittenSpan, sealedSpan);
                output.Advance(FieldEnvelope.WriteJsonString(keyIdJson, sealedSpan, output.GetSpan(FieldEnvelope.JsonStringLength(keyIdJson.Length, length))));
                copied = spot.End;
            }
            output.Write(json[copied..]);
            sealedEvents[f.Index] = events[f.Index] with { Data = Encoding.UTF8.GetString(output.WrittenSpan) };
        }

        return sealedEvents;
    }

    private bool AnyProtected(IReadOnlyList<EventData> events)
    {
        for (var i = 0; i < events.Count; i++)
            if (_plans.ContainsKey(events[i].Type)) return true;
        return false;
    }

    private static bool AnyPlain(List<FieldSpot> spots, int first)
    {
        for (var s = first; s < spots.Count; s++)
            if (spots[s].Kind == FieldSpotKind.Plain) return true;
        return false;
    }
}
