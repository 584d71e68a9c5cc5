namespace Stormline.Broker.Log;

/// <summary>A segment roll failed before it changed the log (out of file descriptors, a full disk): the append is answered KAFKA_STORAGE_ERROR.</summary>
internal sealed class SegmentRollException(string message, Exception inner) : IOException(message, inner);
