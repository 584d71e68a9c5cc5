using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// A personal field as stored: <c>stormline:pii:v1:&lt;key id&gt;:&lt;base64(nonce | ciphertext | tag)&gt;</c>, a JSON
/// string in place of the value, so the stored event stays valid JSON. AES-256-GCM; the field's path is the associated
/// data, so an envelope moved to another field does not open. The string methods serve tools and tests; the store seals
/// and opens through the span methods, with one <see cref="AesGcm"/> per key and call.
/// </summary>
public static class FieldEnvelope
{
    public const string Prefix = "stormline:pii:v1:";
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    /// <summary>The prefix as UTF-8, for finding envelopes in stored bytes without parsing them.</summary>
    public static ReadOnlySpan<byte> PrefixUtf8 => "stormline:pii:v1:"u8;

    public static bool IsEnvelope(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool IsEnvelope(ReadOnlySpan<byte> utf8) => utf8.StartsWith(PrefixUtf8);

    /// <summary>Seals the field's JSON text (<paramref name="plainJson"/>) under <paramref name="key"/>.</summary>
    public static string Seal(SubjectKey key, string path, string plainJson)
    {
        ArgumentNullException.ThrowIfNull(key);
        var plain = Encoding.UTF8.GetBytes(plainJson);
        var sealedBytes = new byte[SealedLength(plain.Length)];
        using var aes = new AesGcm(key.Key, TagBytes);
        Seal(aes, Encoding.UTF8.GetBytes(path), plain, sealedBytes);
        return $"{Prefix}{key.KeyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>The key id an envelope was sealed with; null when the text is not an envelope.</summary>
    public static string? KeyIdOf(string envelope)
    {
        if (!IsEnvelope(envelope)) return null;
        var end = envelope.IndexOf(':', Prefix.Length);
        return end < 0 ? null : envelope[Prefix.Length..end];
    }

    /// <summary>The field's JSON text.</summary>
    /// <exception cref="CryptographicException">The envelope was altered, or sealed for another field or key.</exception>
    public static string Open(string envelope, byte[] key, string path)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var end = envelope.IndexOf(':', Prefix.Length);
        if (!IsEnvelope(envelope) || end < 0) throw new CryptographicException("Not a personal-data envelope.");
        var sealedBytes = Convert.FromBase64String(envelope[(end + 1)..]);
        var plain = new byte[Math.Max(0, sealedBytes.Length - NonceBytes - TagBytes)];
        using var aes = new AesGcm(key, TagBytes);
        Open(aes, Encoding.UTF8.GetBytes(path), sealedBytes, plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Bytes of nonce, ciphertext and tag for a plaintext of <paramref name="plainLength"/> bytes.</summary>
    public static int SealedLength(int plainLength) => NonceBytes + plainLength + TagBytes;

    /// <summary>Seals <paramref name="plain"/> into <paramref name="sealedBytes"/> (<see cref="SealedLength"/> bytes) with a fresh random nonce.</summary>
    public static void Seal(AesGcm aes, ReadOnlySpan<byte> path, ReadOnlySpan<byte> plain, Span<byte> sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(aes);
        var nonce = sealedBytes[..NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plain, sealedBytes.Slice(NonceBytes, plain.Length), sealedBytes.Slice(NonceBytes + plain.Length, TagBytes), path);
    }

    /// <summary>Opens <paramref name="sealedBytes"/> into <paramref name="plain"/> (<c>sealedBytes.Length - NonceBytes - TagBytes</c> bytes).</summary>
    /// <exception cref="CryptographicException">Truncated, altered, or sealed for another field or key.</exception>
    public static void Open(AesGcm aes, ReadOnlySpan<byte> path, ReadOnlySpan<byte> sealedBytes, Span<byte> plain)
    {
        ArgumentNullException.ThrowIfNull(aes);
        if (sealedBytes.Length < NonceBytes + TagBytes) throw new CryptographicException("The personal-data envelope is truncated.");
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        aes.Decrypt(sealedBytes[..NonceBytes], sealedBytes.Slice(NonceBytes, length), sealedBytes[(NonceBytes + length)..], plain[..length], path);
    }

    /// <summary>Splits an envelope's UTF-8 text into its key id and its base64 payload; false when it is not an envelope.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> envelope, out ReadOnlySpan<byte> keyId, out ReadOnlySpan<byte> payload)
    {
        keyId = payload = default;
        if (!IsEnvelope(envelope)) return false;
        var rest = envelope[PrefixUtf8.Length..];
        var colon = rest.IndexOf((byte)':');
        if (colon <= 0) return false;
        keyId = rest[..colon];
        payload = rest[(colon + 1)..];
        return true;
    }

    /// <summary>Writes <c>"prefix + key id + ':' + base64(sealed)"</c>, quotes included, into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <param name="keyIdJson">The key id as it goes inside a JSON string (escaped where it needs to be).</param>
    public static int WriteJsonString(ReadOnlySpan<byte> keyIdJson, ReadOnlySpan<byte> sealedBytes, Span<byte> destination)
    {
        var at = 0;
        destination[at++] = (byte)'"';
        PrefixUtf8.CopyTo(destination[at..]);
        at += PrefixUtf8.Length;
        keyIdJson.CopyTo(destination[at..]);
        at += keyIdJson.Length;
        destination[at++] = (byte)':';
        Base64.EncodeToUtf8(sealedBytes, destination[at..], out _, out var written);
        at += written;
        destination[at++] = (byte)'"';
        return at;
    }

    /// <summary>The most bytes <see cref="WriteJsonString"/> writes.</summary>
    public static int JsonStringLength(int keyIdJsonLength, int sealedLength) =>
        2 + PrefixUtf8.Length + keyIdJsonLength + 1 + Base64.GetMaxEncodedToUtf8Length(sealedLength);
}
