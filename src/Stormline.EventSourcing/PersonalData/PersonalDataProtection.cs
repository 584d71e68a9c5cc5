using System.Text;
using System.Text.Json;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// Crypto-shredding for the store: seals the personal fields of events as they are appended, with their data subject's
/// key, and opens them as they are read; a field whose key was forgotten reads as its erased value. Events are
/// rewritten at the byte level: a <see cref="Utf8JsonReader"/> finds the personal values and only those bytes are
/// replaced, the rest is copied as stored. Events without personal fields pass through untouched (one dictionary
/// look-up, and on read a search for the envelope prefix). Keys are looked up once per call. Thread-safe.
/// </summary>
public sealed partial class PersonalDataProtection
{
    /// <summary>How many opened events <see cref="Reveal"/> remembers for the next reader of the same event by default.</summary>
    public const int DefaultRevealMemo = 4096;

    private readonly Dictionary<string, ProtectedEventPlan> _plans;
    private readonly RevealMemo _memo;

    /// <param name="revealMemo">How many opened events to remember for other readers (0: none); see <see cref="RevealMemo"/>.</param>
    public PersonalDataProtection(PersonalDataMap map, ISubjectKeys keys, int revealMemo = DefaultRevealMemo)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revealMemo);
        _memo = new RevealMemo(revealMemo);
        Map = map ?? throw new ArgumentNullException(nameof(map));
        Keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _plans = new Dictionary<string, ProtectedEventPlan>(StringComparer.Ordinal);
        foreach (var type in map.EventTypes)
            if (map.TryGet(type, out var shape)) _plans[type] = new ProtectedEventPlan(shape);
    }

    public PersonalDataMap Map { get; }

    public ISubjectKeys Keys { get; }

    /// <summary>An event of a call held between finding its personal values and rewriting them: its bytes and spots in the call's shared buffers.</summary>
    internal readonly record struct Found(int Index, ProtectedEventPlan Plan, int Offset, int Length, int FirstSpot, int Spots, string? Subject);

    /// <summary>Appends <paramref name="data"/>'s UTF-8 to <paramref name="source"/>; returns where it starts.</summary>
    internal static int Encode(string data, PooledBuffer source)
    {
        var offset = source.Length;
        var written = Encoding.UTF8.GetBytes(data, source.GetSpan(Encoding.UTF8.GetMaxByteCount(data.Length)));
        source.Advance(written);
        return offset;
    }
}
