using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.PersonalData;

public sealed partial class PersonalDataProtection
{
    /// <summary>Writes the field's JSON, or its erased value when its key is gone, to <paramref name="output"/>; returns the key that opened it (null: erased).</summary>
    private static KeyCiphers.OpenKey? Open(FieldSpot spot, ReadOnlySpan<byte> json, ProtectedEventPlan plan, KeyCiphers ciphers, PooledBuffer sealedBytes, PooledBuffer output, StreamEvent stored)
    {
        var envelope = EnvelopeOf(spot, json);
        if (!FieldEnvelope.TrySplit(envelope, out var keyId, out var payload)) throw Altered(spot, plan, stored, null);
        if (ciphers.Find(keyId) is not { } key)
        {
            output.Write(plan.Erased[spot.Field]);
            return null;
        }

        sealedBytes.Clear();
        var decoded = sealedBytes.GetSpan(Base64.GetMaxDecodedFromUtf8Length(payload.Length));
        if (Base64.DecodeFromUtf8(payload, decoded, out _, out var length) != System.Buffers.OperationStatus.Done || length < FieldEnvelope.NonceBytes + FieldEnvelope.TagBytes)
            throw Altered(spot, plan, stored, null);
        var plainLength = length - FieldEnvelope.NonceBytes - FieldEnvelope.TagBytes;
        var plain = output.GetSpan(plainLength)[..plainLength];
        try
        {
            FieldEnvelope.Open(key.Cipher, plan.Paths[spot.Field], decoded[..length], plain);
            EnsureOneValue(plain);
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            throw Altered(spot, plan, stored, e);
        }
        output.Advance(plainLength);
        return key;
    }

    /// <summary>The envelope's UTF-8 text: in place between the quotes, or from the unescaped copy the scan kept.</summary>
    internal static ReadOnlySpan<byte> EnvelopeOf(FieldSpot spot, ReadOnlySpan<byte> json) =>
        spot.Envelope is { } unescaped ? Encoding.UTF8.GetBytes(unescaped) : json[(spot.Start + 1)..(spot.End - 1)];

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
