using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Streams;

public sealed class StreamNameTests
{
    [Fact]
    public void ForAggregateTypeGivesCategoryDashId()
    {
        var name = StreamName.For<Order>("42");
        Assert.Equal("Order-42", name.Value);
        Assert.Equal("Order", name.Category);
        Assert.Equal("42", name.Id);
    }

    [Fact]
    public void IdMayContainDashes() => Assert.Equal("a-b-c", new StreamName("Order-a-b-c").Id);

    [Theory]
    [InlineData("")]
    [InlineData("Order")]
    [InlineData("-42")]
    [InlineData("Order-")]
    public void MalformedNamesAreRefused(string value) => Assert.ThrowsAny<ArgumentException>(() => new StreamName(value));

    [Fact]
    public void CategoryWithADashIsRefused() => Assert.Throws<ArgumentException>(() => StreamName.For("Sales-Order", "42"));
}
