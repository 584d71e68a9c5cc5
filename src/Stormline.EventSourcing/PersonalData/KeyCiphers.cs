using System.Security.Cryptography;
using System.Text;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// One <see cref="AesGcm"/> per data key for the length of one reveal call, found by the key id's UTF-8 bytes without
/// making a string. Never kept across calls: each call asks the key store again, so an erasure holds at once.
/// </summary>
internal sealed class KeyCiphers : IDisposable
{
    private const int MaxStackKeyId = 128;

    private readonly Dictionary<string, OpenKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenKey>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public KeyCiphers(IReadOnlyDictionary<string, byte[]> keys)
    {
        foreach (var (keyId, key) in keys) _keys[keyId] = new OpenKey(keyId, key, new AesGcm(key, FieldEnvelope.TagBytes));
        _byChars = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A key found for this call: its id, its bytes and its cipher.</summary>
    public sealed record OpenKey(string KeyId, byte[] Key, AesGcm Cipher);

    /// <summary>The key named by <paramref name="keyId"/> (UTF-8); null when it is gone (forgotten).</summary>
    public OpenKey? Find(ReadOnlySpan<byte> keyId)
    {
        if (keyId.Length > MaxStackKeyId) return _keys.GetValueOrDefault(Encoding.UTF8.GetString(keyId));
        Span<char> chars = stackalloc char[MaxStackKeyId];
        var length = Encoding.UTF8.GetChars(keyId, chars);
        return _byChars.TryGetValue(chars[..length], out var key) ? key : null;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values) key.Cipher.Dispose();
    }
}
