using System.Globalization;

namespace Stormline.Bench.Targets;

/// <summary>
/// Read-back runs are timed from the first record to the last, so that client start-up (connecting, finding the
/// start offset) does not count; the note says how long that start-up took and whether everything arrived.
/// </summary>
public static class ConsumeNote
{
    public static string For(long received, long expected, TimeSpan firstRecordAt)
    {
        var note = string.Create(CultureInfo.InvariantCulture, $"first record after {firstRecordAt.TotalMilliseconds:0} ms");
        return received < expected ? string.Create(CultureInfo.InvariantCulture, $"{note}; stalled at {received:N0} of {expected:N0}") : note;
    }
}
