namespace Stormline.Broker.Log;

/// <summary>An offset-index entry: the batch that starts with <see cref="Offset"/> sits at file <see cref="Position"/>.</summary>
internal readonly record struct OffsetPosition(long Offset, long Position);
