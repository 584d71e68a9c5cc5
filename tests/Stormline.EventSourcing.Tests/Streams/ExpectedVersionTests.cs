using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.Streams;

public sealed class ExpectedVersionTests
{
    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    public void NoStreamIsSatisfiedOnlyByAMissingStream(long actual, bool satisfied) =>
        Assert.Equal(satisfied, ExpectedVersion.NoStream.IsSatisfiedBy(actual));

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(7)]
    public void AnyIsSatisfiedByEveryVersion(long actual) => Assert.True(ExpectedVersion.Any.IsSatisfiedBy(actual));

    [Fact]
    public void ExactIsSatisfiedOnlyByThatVersion()
    {
        Assert.True(ExpectedVersion.Exact(3).IsSatisfiedBy(3));
        Assert.False(ExpectedVersion.Exact(3).IsSatisfiedBy(4));
        Assert.False(ExpectedVersion.Exact(0).IsSatisfiedBy(-1));
    }

    [Fact]
    public void FromLastVersionMapsMissingStreamToNoStream()
    {
        Assert.Equal(ExpectedVersion.NoStream, ExpectedVersion.From(-1));
        Assert.Equal(ExpectedVersion.Exact(5), ExpectedVersion.From(5));
    }

    [Fact]
    public void ExactRefusesNegativeVersions() => Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exact(-1));

    [Fact]
    public void PrintsForErrorMessages() =>
        Assert.Equal(["any", "no stream", "4"], new[] { ExpectedVersion.Any, ExpectedVersion.NoStream, ExpectedVersion.Exact(4) }.Select(v => v.ToString()));
}
