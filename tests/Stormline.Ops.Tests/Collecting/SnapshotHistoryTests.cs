using Stormline.Ops.Collecting;

namespace Stormline.Ops.Tests.Collecting;

public sealed class SnapshotHistoryTests
{
    private static ClusterSnapshot At(int second) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(second), TimeSpan.Zero, null, -1, [], [], []);

    [Fact]
    public void Keeps_the_newest_snapshots_up_to_capacity_oldest_first()
    {
        var history = new SnapshotHistory(3);
        Assert.Null(history.Latest);
        for (var i = 1; i <= 5; i++)
        {
            history.Add(At(i));
        }

        Assert.Equal(3, history.Count);
        Assert.Equal([3, 4, 5], history.ToList().Select(s => (int)s.TakenAt.ToUnixTimeSeconds()));
        Assert.Equal(5, history.Latest!.TakenAt.ToUnixTimeSeconds());
        Assert.Equal([4, 5], history.Since(DateTimeOffset.UnixEpoch.AddSeconds(4)).Select(s => (int)s.TakenAt.ToUnixTimeSeconds()));
    }

    [Fact]
    public void A_capacity_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotHistory(0));
}
