namespace Stormline.Registry.Storage;

/// <summary>A record as read back from the store, and whether this registry wrote it in the append that returned it.</summary>
internal readonly record struct StoredRecord(LogRecord Record, bool Own);
