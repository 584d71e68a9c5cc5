using Stormline.EventSourcing.Snapshots;

namespace Stormline.EventSourcing.Tests.Snapshots;

public sealed class SnapshotPolicyTests
{
    [Theory]
    [InlineData(-1, 0, false)] // first event: 1 event in the stream
    [InlineData(8, 9, true)] // the 10th event
    [InlineData(9, 10, false)]
    [InlineData(7, 12, true)] // a batch that jumps over the 10th event
    [InlineData(19, 29, true)]
    public void EveryTenTakesOneEachTimeTheStreamPassesAMultipleOfTen(long previous, long next, bool take) =>
        Assert.Equal(take, SnapshotPolicy.EveryEvents(10).ShouldTake(previous, next));

    [Fact]
    public void NoneNeverTakes() => Assert.False(SnapshotPolicy.None.ShouldTake(-1, 1_000_000));

    [Fact]
    public void EveryMustBePositive() => Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotPolicy.EveryEvents(0));
}
