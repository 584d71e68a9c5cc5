using Stormline.Broker.Log;

namespace Stormline.Broker.Tests.Log;

/// <summary>Lookups by timestamp (ListOffsets) through the time index.</summary>
public sealed partial class PartitionLogTests
{
    [Fact]
    public void A_timestamp_lookup_finds_the_first_record_at_or_after_it_across_segments()
    {
        using var log = _directory.Open(SmallSegments);
        for (var i = 0; i < 30; i++)
        {
            // Two records per batch, 10 ms apart; batches 100 ms apart.
            log.Append(TestBatches.Create(records: 2, timestamp: 10_000 + (i * 100), step: 10));
        }

        Assert.Equal(0, log.OffsetForTimestamp(0));
        Assert.Equal(0, log.OffsetForTimestamp(10_000));
        Assert.Equal(1, log.OffsetForTimestamp(10_005));
        Assert.Equal(2, log.OffsetForTimestamp(10_011));
        Assert.Equal(29, log.OffsetForTimestamp(11_410));
        Assert.Equal(30, log.OffsetForTimestamp(11_411));
        Assert.Equal(59, log.OffsetForTimestamp(12_910));
        Assert.Equal(-1, log.OffsetForTimestamp(12_911));
    }

    [Fact]
    public void A_timestamp_lookup_answers_the_found_records_own_timestamp_not_the_one_asked_for()
    {
        using var log = _directory.Open(SmallSegments);
        log.Append(TestBatches.Create(records: 3, timestamp: 20_000, step: 10));
        log.Append(TestBatches.Create(records: 2, timestamp: 20_500, step: 10));

        Assert.Equal(new TimestampMatch(0, 20_000), log.FindByTimestamp(0));
        Assert.Equal(new TimestampMatch(1, 20_010), log.FindByTimestamp(20_001));
        Assert.Equal(new TimestampMatch(3, 20_500), log.FindByTimestamp(20_021));
        Assert.Equal(new TimestampMatch(4, 20_510), log.FindByTimestamp(20_510));
        Assert.Equal(TimestampMatch.None, log.FindByTimestamp(20_511));
    }

    [Fact]
    public void A_timestamp_lookup_skips_batches_whose_timestamps_went_backwards()
    {
        using var log = _directory.Open(SmallSegments);
        log.Append(TestBatches.Create(records: 1, timestamp: 5_000));
        log.Append(TestBatches.Create(records: 1, timestamp: 1_000));
        log.Append(TestBatches.Create(records: 1, timestamp: 7_000));

        Assert.Equal(0, log.OffsetForTimestamp(2_000));
        Assert.Equal(2, log.OffsetForTimestamp(6_000));
    }

    [Fact]
    public void Timestamp_lookups_answer_the_same_after_a_clean_restart_and_after_a_crash()
    {
        var expected = new Dictionary<long, long>();
        using (var log = _directory.Open(SmallSegments))
        {
            for (var i = 0; i < 30; i++)
            {
                log.Append(TestBatches.Create(records: 2, timestamp: 10_000 + (i * 100), step: 10));
            }

            for (var t = 9_990L; t < 13_000; t += 7)
            {
                expected[t] = log.OffsetForTimestamp(t);
            }

            using var crash = _directory.CrashImage();
            using var recovered = crash.Open(SmallSegments);
            Assert.All(expected, e => Assert.Equal(e.Value, recovered.OffsetForTimestamp(e.Key)));
        }

        using var reopened = _directory.Open(SmallSegments);
        Assert.Equal(0, reopened.RecoveredSegments);
        Assert.All(expected, e => Assert.Equal(e.Value, reopened.OffsetForTimestamp(e.Key)));
    }

    [Fact]
    public void After_retention_a_timestamp_lookup_starts_at_the_new_log_start()
    {
        using var log = _directory.Open(SmallSegments with { RetentionBytes = 5 * BatchBytes, RetentionMs = -1 });
        for (var i = 0; i < 12; i++)
        {
            log.Append(TestBatches.Create(records: 2, timestamp: 10_000 + i));
        }

        log.EnforceRetention(0);

        Assert.Equal(10, log.LogStartOffset);
        Assert.Equal(10, log.OffsetForTimestamp(0));
    }
}
