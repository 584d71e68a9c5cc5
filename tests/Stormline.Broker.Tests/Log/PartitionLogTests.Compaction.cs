using Stormline.Broker.Log;
using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Log;

/// <summary>cleanup.policy=compact: cleaning passes, offset gaps, tombstones, the crash-safe swap of cleaned segments.</summary>
public sealed partial class PartitionLogTests
{
    private const long Day = 24 * Hour;

    private static readonly DateTimeOffset CompactionStart = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    /// <summary>About five one-record batches per segment; cleaning as soon as a tenth of the log is dirty.</summary>
    private static readonly LogConfig Compacted = new()
    {
        SegmentBytes = 400, IndexIntervalBytes = 100, Compact = true, Delete = false, MinCleanableDirtyRatio = 0.1, DeleteRetentionMs = Hour,
    };

    private static void Put(PartitionLog log, string key, string? value, ManualTimeProvider clock, long producerId = -1, int sequence = -1)
    {
        var result = log.Append(TestRecordBatch.Create([(key, value)], producerId, producerId < 0 ? (short)-1 : (short)0, sequence, clock.Now.ToUnixTimeMilliseconds()));
        Assert.Equal(ErrorCode.None, result.Error);
    }

    /// <summary>Five values for each of four keys, then one more record so that the last of them is in a closed segment.</summary>
    private static void PutRounds(PartitionLog log, ManualTimeProvider clock, int rounds = 5)
    {
        for (var round = 0; round < rounds; round++)
        {
            for (var key = 0; key < 4; key++)
            {
                Put(log, $"k{key}", $"k{key}-{round}", clock);
            }
        }
    }

    /// <summary>What compaction must leave: the last record of each key below the active segment, everything from it on.</summary>
    private static List<(long Offset, string Key, string? Value)> Expected(List<(long Offset, string Key, string? Value)> before, long activeBase) =>
        [.. before.Where(r => r.Offset >= activeBase || r.Offset == before.Where(o => o.Key == r.Key && o.Offset < activeBase).Max(o => o.Offset))];

    [Fact]
    public void Cleaning_keeps_the_latest_record_per_key_at_its_own_offset()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var log = _directory.Open(Compacted, clock);
        PutRounds(log, clock);
        Put(log, "k0", "k0-last", clock);
        var before = CompactedRecords.ReadAll(log);
        var end = log.LogEndOffset;
        Assert.True(log.SegmentCount > 3, $"{log.SegmentCount} segments");

        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);

        var after = CompactedRecords.ReadAll(log);
        Assert.Equal(Expected(before, log.ActiveSegmentBaseOffset), after);
        Assert.True(after.Count < before.Count);
        Assert.Equal(end, log.LogEndOffset);
        Assert.True(after.Zip(after.Skip(1)).All(p => p.First.Offset < p.Second.Offset), "offsets increase");
        Assert.Equal(4, after.Where(r => r.Offset < log.ActiveSegmentBaseOffset).Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void A_fetch_from_an_offset_that_was_compacted_away_starts_at_the_next_record()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var log = _directory.Open(Compacted, clock);
        PutRounds(log, clock);
        Put(log, "k0", "k0-last", clock);
        log.Clean(clock.Now.ToUnixTimeMilliseconds());
        var kept = CompactedRecords.ReadAll(log).Select(r => r.Offset).ToList();

        for (var offset = log.LogStartOffset; offset < log.LogEndOffset; offset++)
        {
            var next = kept.First(o => o >= offset);
            var first = TestBatches.Headers(log.Read(offset, 1 << 20, minOneBatch: true)!)[0];
            Assert.True(first.BaseOffset <= next && next <= first.LastOffset, $"a read from {offset} starts with {first.BaseOffset}..{first.LastOffset}, not at {next}");
        }
    }

    [Fact]
    public void A_record_without_a_key_is_refused_by_a_compacted_log_only()
    {
        using var compacted = _directory.Open(Compacted);
        var refused = compacted.Append(TestRecordBatch.Create([("k", "v"), (null, "no key")]));
        Assert.Equal(ErrorCode.InvalidRecord, refused.Error);
        Assert.Contains("Compacted topic cannot accept message without key", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, compacted.LogEndOffset);
        compacted.Dispose();

        using var other = new LogDirectory();
        using var deleting = other.Open();
        Assert.Equal(ErrorCode.None, deleting.Append(TestRecordBatch.Create([(null, "no key")])).Error);
    }

    [Fact]
    public void A_tombstone_stays_until_its_segment_was_cleaned_delete_retention_ms_ago()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var log = _directory.Open(Compacted, clock);
        Put(log, "gone", "value", clock);
        Put(log, "gone", null, clock);
        PutRounds(log, clock, rounds: 3);
        Put(log, "k0", "k0-last", clock);

        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        Assert.Equal([("gone", (string?)null)], CompactedRecords.ReadAll(log).Where(r => r.Key == "gone").Select(r => (r.Key, r.Value)));

        clock.Advance(TimeSpan.FromMinutes(59));
        log.Clean(clock.Now.ToUnixTimeMilliseconds());
        Assert.Contains(CompactedRecords.ReadAll(log), r => r.Key == "gone");

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        Assert.DoesNotContain(CompactedRecords.ReadAll(log), r => r.Key == "gone");
    }

    [Fact]
    public void Records_younger_than_min_compaction_lag_are_not_cleaned()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var log = _directory.Open(Compacted with { MinCompactionLagMs = Hour }, clock);
        PutRounds(log, clock);
        Put(log, "k0", "k0-last", clock);
        var before = CompactedRecords.ReadAll(log);

        Assert.Equal(-1, log.CleaningPriority(clock.Now.ToUnixTimeMilliseconds()));
        Assert.Equal(0, log.Clean(clock.Now.ToUnixTimeMilliseconds()));
        Assert.Equal(before, CompactedRecords.ReadAll(log));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        Assert.Equal(Expected(before, log.ActiveSegmentBaseOffset), CompactedRecords.ReadAll(log));
    }

    [Fact]
    public void A_log_below_min_cleanable_dirty_ratio_waits()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var log = _directory.Open(Compacted with { MinCleanableDirtyRatio = 0.9 }, clock);
        PutRounds(log, clock);
        Put(log, "k0", "k0-last", clock);
        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);

        // One more closed segment of new values is far less than 90 % of the log.
        for (var i = 0; i < 6; i++)
        {
            Put(log, "k1", $"k1-new-{i}", clock);
        }

        Assert.Equal(-1, log.CleaningPriority(clock.Now.ToUnixTimeMilliseconds()));
        Assert.Equal(0, log.Clean(clock.Now.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Retention_and_DeleteRecords_apply_only_when_the_policy_holds_delete()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        using var compactOnly = _directory.Open(Compacted with { RetentionMs = 1 }, clock);
        PutRounds(compactOnly, clock);
        Assert.Equal(0, compactOnly.EnforceRetention(clock.Now.ToUnixTimeMilliseconds() + Day));
        Assert.Equal(ErrorCode.PolicyViolation, compactOnly.DeleteRecordsBefore(3).Error);
        Assert.Equal(0, compactOnly.LogStartOffset);
        compactOnly.Dispose();

        using var other = new LogDirectory();
        using var both = other.Open(Compacted with { RetentionMs = 1, Delete = true }, clock);
        PutRounds(both, clock);
        Assert.True(both.EnforceRetention(clock.Now.ToUnixTimeMilliseconds() + Day) > 0);
        Assert.Equal(ErrorCode.None, both.DeleteRecordsBefore(both.LogEndOffset).Error);
    }

    [Fact]
    public void A_cleaned_log_reopens_the_same_after_a_clean_close_and_after_a_crash()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        var log = _directory.Open(Compacted, clock);
        PutRounds(log, clock);
        Put(log, "k0", "k0-last", clock);
        log.Clean(clock.Now.ToUnixTimeMilliseconds());
        var cleaned = CompactedRecords.ReadAll(log);

        using (var crash = _directory.CrashImage())
        using (var recovered = crash.Open(Compacted, clock))
        {
            Assert.Equal(cleaned, CompactedRecords.ReadAll(recovered));
        }

        log.Dispose();
        using var reopened = _directory.Open(Compacted, clock);
        Assert.Equal(0, reopened.RecoveredSegments);
        Assert.Equal(cleaned, CompactedRecords.ReadAll(reopened));
        Put(reopened, "k2", "after-restart", clock);
        Assert.Equal("after-restart", CompactedRecords.ReadAll(reopened)[^1].Value);
    }

    [Fact]
    public void The_producer_state_survives_compaction_and_a_restart()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        var log = _directory.Open(Compacted, clock);
        for (var sequence = 0; sequence < 20; sequence++)
        {
            Put(log, $"k{sequence % 3}", $"v{sequence}", clock, producerId: 7, sequence: sequence);
        }

        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        log.Dispose();

        using var reopened = _directory.Open(Compacted, clock);
        var gap = reopened.Append(TestRecordBatch.Create([("k0", "skips a sequence")], 7, 0, 25, clock.Now.ToUnixTimeMilliseconds()));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, gap.Error);
        Put(reopened, "k0", "next", clock, producerId: 7, sequence: 20);
    }

    [Fact]
    public void Leftovers_of_a_pass_that_crashed_before_its_swap_are_discarded_on_open()
    {
        var clock = new ManualTimeProvider(CompactionStart);
        var log = _directory.Open(Compacted, clock);
        PutRounds(log, clock);
        Put(log, "k0", "k0-last", clock);
        var before = CompactedRecords.ReadAll(log);
        log.Dispose();

        // A pass killed while writing (.cleaned) and one killed while renaming its indexes to .swap, before the log's.
        File.WriteAllBytes(_directory.File(0, LogFiles.LogSuffix) + LogFiles.CleanedSuffix, new byte[100]);
        File.WriteAllBytes(_directory.File(0, LogFiles.IndexSuffix) + LogFiles.CleanedSuffix, new byte[16]);
        File.WriteAllBytes(_directory.File(0, LogFiles.IndexSuffix) + LogFiles.SwapSuffix, new byte[16]);
        File.WriteAllBytes(_directory.File(0, LogFiles.TimeIndexSuffix) + LogFiles.SwapSuffix, new byte[24]);

        using var reopened = _directory.Open(Compacted, clock);
        Assert.Equal(before, CompactedRecords.ReadAll(reopened));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*" + LogFiles.CleanedSuffix));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*" + LogFiles.SwapSuffix));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_swap_that_a_crash_interrupted_after_it_was_decided_is_finished_on_open(bool indexesAlreadyRenamed)
    {
        var clock = new ManualTimeProvider(CompactionStart);
        var log = _directory.Open(Compacted, clock);
        for (var i = 0; i < 4; i++)
        {
            // A key per segment that nothing supersedes, so that no cleaned segment is empty and removed.
            Put(log, $"pin{i}", "stays", clock);
            PutRounds(log, clock, rounds: 1);
        }

        Put(log, "k0", "k0-last", clock);
        log.Dispose();
        using var crashed = _directory.CrashImage();
        log = _directory.Open(Compacted, clock);
        Assert.True(log.Clean(clock.Now.ToUnixTimeMilliseconds()) > 0);
        var cleaned = CompactedRecords.ReadAll(log);
        log.Dispose();

        // The crash image holds the originals; the cleaned files of segment 0 are put beside them as a decided swap.
        foreach (var suffix in new[] { LogFiles.LogSuffix, LogFiles.IndexSuffix, LogFiles.TimeIndexSuffix })
        {
            var renamed = indexesAlreadyRenamed && suffix != LogFiles.LogSuffix;
            File.Copy(_directory.File(0, suffix), crashed.File(0, suffix) + (renamed ? string.Empty : LogFiles.SwapSuffix), overwrite: true);
        }

        using var recovered = crashed.Open(Compacted, clock);
        var records = CompactedRecords.ReadAll(recovered);
        var secondBase = Directory.GetFiles(crashed.Path, "*" + LogFiles.LogSuffix).Select(f => long.Parse(Path.GetFileNameWithoutExtension(f))).Order().ElementAt(1);
        Assert.Equal(cleaned.Where(r => r.Offset < secondBase), records.Where(r => r.Offset < secondBase));
        Assert.True(records.Count > cleaned.Count, "only segment 0 was swapped; later ones still hold their superseded records");
        Assert.Empty(Directory.GetFiles(crashed.Path, "*" + LogFiles.SwapSuffix));
    }
}
