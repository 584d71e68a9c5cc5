using Confluent.Kafka;

namespace Stormline.Messaging.Consuming;

/// <summary>An event taken from Kafka and deserialized, with where it came from.</summary>
public sealed record ConsumedEvent(Guid EventId, string Type, object Event, string? CorrelationId, TopicPartitionOffset Source);
