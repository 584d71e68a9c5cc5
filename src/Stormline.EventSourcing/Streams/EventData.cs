namespace Stormline.EventSourcing.Streams;

/// <summary>An event about to be appended: its id, stable type name, JSON payload and metadata.</summary>
public sealed record EventData(Guid EventId, string Type, string Data, EventMetadata Metadata);
