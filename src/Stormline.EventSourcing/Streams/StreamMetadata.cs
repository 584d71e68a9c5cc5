namespace Stormline.EventSourcing.Streams;

/// <summary>What the store knows about a stream besides its events. <see cref="Type"/> is the stream's category.</summary>
public sealed record StreamMetadata(StreamName Stream, string Type, DateTimeOffset CreatedAt, long LastVersion, DateTimeOffset? DeletedAt)
{
    public bool IsDeleted => DeletedAt is not null;
}
