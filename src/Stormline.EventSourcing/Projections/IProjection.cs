using System.Data.Common;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Projections;

/// <summary>A read model kept from the global log. Its writes go through the given transaction, which also stores the checkpoint.</summary>
public interface IProjection
{
    /// <summary>The checkpoint id; stable across restarts.</summary>
    string Name { get; }

    Task Apply(StreamEvent @event, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a batch in log order, in one transaction with the checkpoint after it. One event at a time unless the
    /// projection does better (a document read model reads and writes each document once per batch).
    /// </summary>
    async Task ApplyBatch(IReadOnlyList<StreamEvent> events, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events) await Apply(e, transaction, cancellationToken);
    }

    /// <summary>
    /// Does a batch's work that needs no write lock (decoding, reading current rows, folding, serializing) before its
    /// transaction, and returns the writes left for the transaction; null (the default) applies the batch there with
    /// <see cref="ApplyBatch"/>. The store has one writer at a time (SQLite), so work moved here no longer holds up
    /// appends. Safe because the runner's transaction moves the checkpoint by compare-and-set: if another runner wrote
    /// in between, the checkpoint moved too and the prepared writes roll back.
    /// </summary>
    Task<ProjectionWrite?> Prepare(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken) => Task.FromResult<ProjectionWrite?>(null);

    /// <summary>Empties the read model before a rebuild from position zero.</summary>
    Task Reset(DbTransaction transaction, CancellationToken cancellationToken);
}
