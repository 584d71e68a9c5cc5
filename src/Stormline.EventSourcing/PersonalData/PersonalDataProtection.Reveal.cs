using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.PersonalData;

public sealed partial class PersonalDataProtection
{
    /// <summary>
    /// Opens the personal fields of <paramref name="events"/> in place, with one <see cref="ISubjectKeys.Find"/> for
    /// the page; a forgotten key gives the field's erased value. An event whose text holds no envelope is not parsed.
    /// </summary>
    /// <exception cref="InvalidDataException">An envelope does not open with its key: it was altered.</exception>
    public async Task Reveal(IList<StreamEvent> events, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var source = new PooledBuffer();
        var spots = new List<FieldSpot>();
        List<Found>? found = null;
        HashSet<string>? keyIds = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!_plans.TryGetValue(e.Type, out var plan) || !e.Data.Contains(FieldEnvelope.Prefix, StringComparison.Ordinal)) continue;
            var offset = Encode(e.Data, source);
            var first = spots.Count;
            if (!PersonalFieldScanner.Scan(source.WrittenSpan[offset..], plan, spots, out _) || spots.Count == first) continue;
            found ??= [];
            found.Add(new Found(i, plan, offset, source.Length - offset, first, spots.Count - first, null));
            for (var s = first; s < spots.Count; s++)
                if (spots[s].Kind == FieldSpotKind.Sealed && FieldEnvelope.TrySplit(EnvelopeOf(spots[s], source.WrittenSpan[offset..]), out var keyId, out _))
                    AddKeyId(keyIds ??= new(StringComparer.Ordinal), keyId);
        }

        if (found is null) return;
        var known = keyIds is null ? new Dictionary<string, byte[]>() : await Keys.Find(keyIds, transaction, cancellationToken);
        using var ciphers = new KeyCiphers(known);
        using var output = new PooledBuffer();
        using var sealedBytes = new PooledBuffer(256);
        foreach (var f in found)
        {
            var json = source.WrittenSpan.Slice(f.Offset, f.Length);
            output.Clear();
            var copied = 0;
            for (var s = f.FirstSpot; s < f.FirstSpot + f.Spots; s++)
            {
                var spot = spots[s];
                if (spot.Kind != FieldSpotKind.Sealed) continue; // null or plain: stays as stored
                output.Write(json[copied..spot.Start]);
                Open(spot, json, f.Plan, ciphers, sealedBytes, output, events[f.Index]);
                copied = spot.End;
            }
            if (copied == 0) continue;
            output.Write(json[copied..]);
            events[f.Index] = events[f.Index] with { Data = Encoding.UTF8.GetString(output.WrittenSpan) };
        }
    }

    /// <summary>Writes the field's JSON, or its erased value when its key is gone, to <paramref name="output"/>.</summary>
    private static void Open(FieldSpot spot, ReadOnlySpan<byte> json, ProtectedEventPlan plan, KeyCiphers ciphers, PooledBuffer sealedBytes, PooledBuffer output, StreamEvent stored)
    {
        var envelope = EnvelopeOf(spot, json);
        if (!FieldEnvelope.TrySplit(envelope, out var keyId, out var payload)) throw Altered(spot, plan, stored, null);
        if (ciphers.Find(keyId) is not { } cipher)
        {
            output.Write(plan.Erased[spot.Field]);
            return;
        }

        sealedBytes.Clear();
        var decoded = sealedBytes.GetSpan(Base64.GetMaxDecodedFromUtf8Length(payload.Length));
        if (Base64.DecodeFromUtf8(payload, decoded, out _, out var length) != System.Buffers.OperationStatus.Done || length < FieldEnvelope.NonceBytes + FieldEnvelope.TagBytes)
            throw Altered(spot, plan, stored, null);
        var plainLength = length - FieldEnvelope.NonceBytes - FieldEnvelope.TagBytes;
        var plain = output.GetSpan(plainLength)[..plainLength];
        try
        {
            FieldEnvelope.Open(cipher, plan.Paths[spot.Field], decoded[..length], plain);
            EnsureOneValue(plain);
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            throw Altered(spot, plan, stored, e);
        }
        output.Advance(plainLength);
    }

    /// <summary>The envelope's UTF-8 text: in place between the quotes, or from the unescaped copy the scan kept.</summary>
    private static ReadOnlySpan<byte> EnvelopeOf(FieldSpot spot, ReadOnlySpan<byte> json) =>
        spot.Envelope is { } unescaped ? Encoding.UTF8.GetBytes(unescaped) : json[(spot.Start + 1)..(spot.End - 1)];

    /// <summary>Adds the key id; a string is made only for an id not seen yet in this call.</summary>
    private static void AddKeyId(HashSet<string> keyIds, ReadOnlySpan<byte> keyId)
    {
        if (keyId.Length > 128)
        {
            keyIds.Add(Encoding.UTF8.GetString(keyId));
            return;
        }

        Span<char> chars = stackalloc char[128];
        chars = chars[..Encoding.UTF8.GetChars(keyId, chars)];
        if (!keyIds.GetAlternateLookup<ReadOnlySpan<char>>().Contains(chars)) keyIds.Add(chars.ToString());
    }

    /// <summary>What a seal always holds: exactly one JSON value (the opened bytes replace a value in the event).</summary>
    private static void EnsureOneValue(ReadOnlySpan<byte> plain)
    {
        var reader = new Utf8JsonReader(plain);
        while (reader.Read())
        {
        }
    }

    private static InvalidDataException Altered(FieldSpot spot, ProtectedEventPlan plan, StreamEvent stored, Exception? inner) =>
        new($"The personal field '{plan.Shape.Fields[spot.Field].Path}' of event {stored.EventId} at position {stored.GlobalPosition} does not open with its key: it was altered.", inner);
}
