namespace Stormline.Registry.Storage;

/// <summary>
/// Where the registry's records live: a local file (one writer) or a Kafka topic (any number of registries).
/// Not thread-safe: <see cref="SchemaRegistry"/> calls it under its lock.
/// </summary>
internal interface IRegistryStore : IDisposable
{
    /// <summary>Where the records are, for logs and startup output (a path, or <c>topic@bootstrap</c>).</summary>
    string Location { get; }

    /// <summary>
    /// Records appended by anyone since the last read, oldest first (everything on the first call). With
    /// <paramref name="toEnd"/> the store first learns where the log ends and reads up to there, so a writer decides on
    /// the latest state; without it, only what has already arrived is returned (cheap enough for every read).
    /// </summary>
    IReadOnlyList<LogRecord> ReadNew(bool toEnd);

    /// <summary>
    /// Makes <paramref name="records"/> durable, then returns every record from the read position up to and including
    /// them, in log order; <see cref="StoredRecord.Own"/> marks these. A shared log may put other writers' records between.
    /// </summary>
    IReadOnlyList<StoredRecord> Append(IReadOnlyList<LogRecord> records);
}
