using System.Security.Cryptography;
using System.Text;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// One <see cref="AesGcm"/> per data key for the length of one seal or reveal call, found by the key id's UTF-8 bytes
/// without making a string. Never kept across calls: each call asks the key store again, so an erasure holds at once.
/// </summary>
internal sealed class KeyCiphers : IDisposable
{
    private const int MaxStackKeyId = 128;

    private readonly Dictionary<string, AesGcm> _ciphers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AesGcm>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public KeyCiphers(IReadOnlyDictionary<string, byte[]> keys)
    {
        foreach (var (keyId, key) in keys) _ciphers[keyId] = new AesGcm(key, FieldEnvelope.TagBytes);
        _byChars = _ciphers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The cipher of the key named by <paramref name="keyId"/> (UTF-8); null when the key is gone (forgotten).</summary>
    public AesGcm? Find(ReadOnlySpan<byte> keyId)
    {
        if (keyId.Length > MaxStackKeyId) return _ciphers.GetValueOrDefault(Encoding.UTF8.GetString(keyId));
        Span<char> chars = stackalloc char[MaxStackKeyId];
        var length = Encoding.UTF8.GetChars(keyId, chars);
        return _byChars.TryGetValue(chars[..length], out var cipher) ? cipher : null;
    }

    public void Dispose()
    {
        foreach (var cipher in _ciphers.Values) cipher.Dispose();
    }
}
