using System.Security.Cryptography;
using System.Text.Json;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// For one seal call: per subject, its key's <see cref="AesGcm"/> and its key id as it goes inside an envelope's JSON
/// string, made on first use and disposed with the call; never kept across calls.
/// </summary>
internal sealed class SubjectSealers(IReadOnlyDictionary<string, SubjectKey> keys) : IDisposable
{
    private readonly Dictionary<string, (AesGcm Cipher, byte[] KeyIdJson)> _sealers = new(StringComparer.Ordinal);

    public (AesGcm Cipher, byte[] KeyIdJson) For(string subject)
    {
        if (_sealers.TryGetValue(subject, out var sealer)) return sealer;
        var key = keys.TryGetValue(subject, out var found) ? found : throw new InvalidOperationException($"No key was stored for subject '{subject}'.");
        sealer = (new AesGcm(key.Key, FieldEnvelope.TagBytes), JsonEncodedText.Encode(key.KeyId).EncodedUtf8Bytes.ToArray());
        _sealers[subject] = sealer;
        return sealer;
    }

    public void Dispose()
    {
        foreach (var (cipher, _) in _sealers.Values) cipher.Dispose();
    }
}
