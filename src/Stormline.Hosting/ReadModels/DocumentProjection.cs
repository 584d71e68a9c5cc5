using System.Data.Common;
using System.Text.Json;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Store;
using Stormline.EventSourcing.Streams;

namespace Stormline.Hosting.ReadModels;

/// <summary>
/// A read model as a pure fold: <see cref="IReadModel{TDocument}.Apply"/> turns (document or null, event) into the
/// next document. The projection runner applies it batch by batch with its checkpoint; <see cref="Replay"/> folds one
/// stream straight from the store, so an endpoint can answer before the projection catches up and a check can compare both.
/// Queries (<see cref="Read"/>, <see cref="Page"/>) and the live runner use the version the <see cref="ReadModelCatalog"/>
/// says is live, so a rebuild can fill the next version beside it.
/// </summary>
public sealed class DocumentProjection<TDocument>(ReadModelTable table, EventSerializer serializer, IReadModel<TDocument> model, ReadModelCatalog catalog) : IVersionedReadModel
    where TDocument : class
{
    public static JsonSerializerOptions Json { get; } = HostingJson.Options;

    public string Name => table.Name;

    /// <summary>The live version's table.</summary>
    public ReadModelTable Table => catalog.Live(table);

    public ReadModelTable Definition => table;

    public Task Apply(StreamEvent @event, DbTransaction transaction, CancellationToken cancellationToken) => ApplyTo(Table, @event, transaction, cancellationToken);

    public async Task ApplyTo(ReadModelTable target, StreamEvent @event, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(transaction);
        var payload = serializer.Deserialize(@event);
        if (model.IdOf(payload) is not { } id) return;
        var stored = await target.Get(transaction.Connection!, transaction, id, cancellationToken);
        var current = stored is null ? null : JsonSerializer.Deserialize<TDocument>(stored, Json);
        var next = model.Apply(current, payload, @event);
        if (next is null || ReferenceEquals(next, current)) return;
        await target.Upsert(transaction, model.Row(next, JsonSerializer.Serialize(next, Json)), cancellationToken);
    }

    public Task Reset(DbTransaction transaction, CancellationToken cancellationToken) => Table.Reset(transaction, cancellationToken);

    /// <summary>The document as the read model stores it; null when there is none.</summary>
    public async Task<TDocument?> Read(DbConnection connection, string id, CancellationToken cancellationToken) =>
        await Query(connection, live => live.Get(connection, null, id, cancellationToken), cancellationToken) is { } json
            ? JsonSerializer.Deserialize<TDocument>(json, Json) : null;

    /// <summary>One page of documents, newest first, and the number of all matching rows (see <see cref="ReadModelTable.Page"/>).</summary>
    public Task<(IReadOnlyList<string> Documents, long Total)> Page(DbConnection connection, string? status, string? customerId, int page, int pageSize, CancellationToken cancellationToken) =>
        Query(connection, live => live.Page(connection, status, customerId, page, pageSize, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs a query on the live version; when its table is gone (a rebuild swapped in the next version and dropped it
    /// since this process last looked), reads which version is live and runs it again there.
    /// </summary>
    private async Task<T> Query<T>(DbConnection connection, Func<ReadModelTable, Task<T>> query, CancellationToken cancellationToken)
    {
        var live = catalog.Knows(table.Name) ? Table : await catalog.Refresh(connection, table, cancellationToken);
        try
        {
            return await query(live);
        }
        catch (DbException e) when (ReadModelCatalog.IsMissingTable(e))
        {
            return await query(await catalog.Refresh(connection, table, cancellationToken));
        }
    }

    /// <summary>The document folded from the stream's events in the store; null when the stream does not exist.</summary>
    public async Task<TDocument?> Replay(IEventReader store, StreamName stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        TDocument? document = null;
        for (long from = 0; ;)
        {
            var page = await store.ReadStream(stream, from, 500, cancellationToken);
            foreach (var e in page) document = model.Apply(document, serializer.Deserialize(e), e) ?? document;
            if (page.Count < 500) return document;
            from = page[^1].StreamVersion + 1;
        }
    }
}
