using System.Collections.Concurrent;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// One registry look-up per key, shared by concurrent callers and kept once it succeeds; a failed one (e.g. an outage)
/// is dropped so the next call asks again.
/// </summary>
internal sealed class CachedLookup<TKey, TValue>(Func<TKey, Task<TValue>> load)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TValue>> _entries = new();

    public async Task<TValue> Get(TKey key, CancellationToken cancellationToken)
    {
        var lookup = _entries.GetOrAdd(key, load);
        try
        {
            return await lookup.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _entries.TryRemove(new KeyValuePair<TKey, Task<TValue>>(key, lookup));
            throw;
        }
    }

    /// <summary>Drops a kept entry, e.g. a schema the value no longer fits, so the next call looks it up again.</summary>
    public void Forget(TKey key) => _entries.TryRemove(key, out _);
}
