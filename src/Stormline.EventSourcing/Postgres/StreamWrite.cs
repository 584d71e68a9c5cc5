using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Postgres;

/// <summary>Events to write to one stream whose lock is held and whose last version was <paramref name="Actual"/> (-1 = no stream).</summary>
internal readonly record struct StreamWrite(StreamName Stream, long Actual, IReadOnlyList<EventData> Events);
