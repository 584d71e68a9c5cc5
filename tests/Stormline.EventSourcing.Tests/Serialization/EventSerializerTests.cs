using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Serialization;

public sealed class EventSerializerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly EventSerializer _serializer = OrderTypes.Serializer();

    private static StreamEvent Stored(string type, string data) =>
        new(Guid.NewGuid(), StreamName.For<Order>("42"), 0, 7, type, data, EventMetadata.Now(), At);

    [Fact]
    public void SerializesUnderTheRegisteredNameAndRoundTrips()
    {
        var data = _serializer.Serialize(new OrderCreated("42", "alice", At), EventMetadata.Now("corr"));
        Assert.Equal("OrderCreated", data.Type);
        Assert.Contains("\"customerId\":\"alice\"", data.Data, StringComparison.Ordinal);
        Assert.Equal(new OrderCreated("42", "alice", At), _serializer.Deserialize(Stored(data.Type, data.Data)));
    }

    [Fact]
    public void UnregisteredClrTypeIsRefused() =>
        Assert.Throws<UnknownEventTypeException>(() => _serializer.Serialize(new { Surprise = true }, EventMetadata.Now()));

    [Fact]
    public void UnknownStoredTypeNameIsATypedError()
    {
        var error = Assert.Throws<UnknownEventTypeException>(() => _serializer.Deserialize(Stored("OrderTeleported", "{}")));
        Assert.Equal("OrderTeleported", error.EventType);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("""{"orderId": 42}""")]
    public void CorruptPayloadIsATypedErrorNamingTypeAndPosition(string data)
    {
        var error = Assert.Throws<EventDeserializationException>(() => _serializer.Deserialize(Stored("OrderCreated", data)));
        Assert.Equal(("OrderCreated", 7L), (error.EventType, error.Position));
    }

    [Fact]
    public void UpcastersChainFromTheOldestShape()
    {
        var registry = OrderTypes.Registry().AddUpcaster("OrderPlaced", "OrderCreated.v0", old =>
        {
            old["createdAt"] = old["placedAt"]?.DeepClone();
            return old;
        });
        var stored = Stored("OrderPlaced", """{"orderId":"42","customer":"alice","placedAt":"2026-11-25T10:00:00+00:00"}""");

        Assert.Equal(new OrderCreated("42", "alice", At), new EventSerializer(registry).Deserialize(stored));
    }

    [Fact]
    public void ANameCannotMapToTwoTypes() =>
        Assert.Throws<ArgumentException>(() => OrderTypes.Registry().Register<OrderCancelled>("OrderCreated"));

    [Fact]
    public void ACurrentNameCannotBeUpcast() =>
        Assert.Throws<ArgumentException>(() => OrderTypes.Registry().AddUpcaster("OrderCreated", "OrderCancelled", o => o));
}
