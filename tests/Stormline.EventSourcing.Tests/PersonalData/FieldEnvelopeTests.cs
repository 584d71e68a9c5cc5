using System.Security.Cryptography;
using Stormline.EventSourcing.PersonalData;

namespace Stormline.EventSourcing.Tests.PersonalData;

public sealed class FieldEnvelopeTests
{
    private static readonly SubjectKey Key = new("k-1", RandomNumberGenerator.GetBytes(SubjectKey.KeyBytes));

    [Fact]
    public void A_sealed_field_opens_with_its_key_and_path_and_names_its_key()
    {
        var envelope = FieldEnvelope.Seal(Key, "email", "\"minji@example.com\"");

        Assert.StartsWith("stormline:pii:v1:k-1:", envelope, StringComparison.Ordinal);
        Assert.DoesNotContain("minji", envelope, StringComparison.Ordinal);
        Assert.Equal("k-1", FieldEnvelope.KeyIdOf(envelope));
        Assert.Equal("\"minji@example.com\"", FieldEnvelope.Open(envelope, Key.Key, "email"));
        Assert.NotEqual(envelope, FieldEnvelope.Seal(Key, "email", "\"minji@example.com\"")); // a fresh nonce each time
    }

    [Fact]
    public void An_envelope_moved_to_another_field_altered_or_opened_with_another_key_does_not_open()
    {
        var envelope = FieldEnvelope.Seal(Key, "email", "\"minji@example.com\"");
        var altered = envelope[..^4] + (envelope[^4] == 'A' ? 'B' : 'A') + envelope[^3..];

        Assert.ThrowsAny<CryptographicException>(() => FieldEnvelope.Open(envelope, Key.Key, "address.street"));
        Assert.ThrowsAny<CryptographicException>(() => FieldEnvelope.Open(altered, Key.Key, "email"));
        Assert.ThrowsAny<CryptographicException>(() => FieldEnvelope.Open(envelope, RandomNumberGenerator.GetBytes(SubjectKey.KeyBytes), "email"));
        Assert.Null(FieldEnvelope.KeyIdOf("plain text"));
    }
}
