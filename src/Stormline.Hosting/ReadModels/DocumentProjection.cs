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

    public Task Apply(StreamEvent @event, DbTransaction transaction, CancellationToken cancellationToken) => ApplyTo(Table, [@event], transaction, cancellationToken);

    public Task ApplyBatch(IReadOnlyList<StreamEvent> events, DbTransaction transaction, CancellationToken cancellationToken) => ApplyTo(Table, events, transaction, cancellationToken);

    /// <summary>
    /// Folds the batch in log order with each document read once before and written once after (when it changed),
    /// instead of a read and a write per event: a document is usually touched by several events of one batch.
    /// </summary>
    public async Task ApplyTo(ReadModelTable target, IReadOnlyList<StreamEvent> events, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(transaction);
        var decoded = Decode(events);
        if (decoded.Count == 0) return;
        var rows = Fold(decoded, await target.GetMany(transaction, Ids(decoded), cancellationToken));
        if (rows.Count > 0) await target.UpsertMany(transaction, rows, cancellationToken);
    }

    /// <summary>
    /// Decodes, reads the documents (on a pooled connection, not in a transaction), folds and serializes before the
    /// batch's transaction, which is left with the upsert. When a rebuild made another version live meanwhile, the
    /// transaction applies the batch to that version instead.
    /// </summary>
    public async Task<ProjectionWrite?> Prepare(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        var target = Table;
        var decoded = Decode(events);
        if (decoded.Count == 0) return static (_, _) => Task.CompletedTask;
        var ids = Ids(decoded);
        var stored = await catalog.Store.Read((connection, ct) => target.GetMany(connection, null, ids, ct), cancellationToken);
        var rows = Fold(decoded, stored);
        return (transaction, ct) =>
            !string.Equals(Table.TableName, target.TableName, StringComparison.Ordinal) ? ApplyTo(Table, events, transaction, ct)
            : rows.Count > 0 ? target.UpsertMany(transaction, rows, ct)
            : Task.CompletedTask;
    }

    private List<(StreamEvent Stored, object Payload, string Id)> Decode(IReadOnlyList<StreamEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var decoded = new List<(StreamEvent Stored, object Payload, string Id)>(events.Count);
        foreach (var e in events)
        {
            var payload = serializer.Deserialize(e);
            if (model.IdOf(payload) is { } id) decoded.Add((e, payload, id));
        }
        return decoded;
    }

    private static string[] Ids(List<(StreamEvent Stored, object Payload, string Id)> decoded) =>
        [.. decoded.Select(d => d.Id).Distinct(StringComparer.Ordinal)];

    /// <summary>The rows of the documents the batch changed, folded from the stored ones.</summary>
    private List<ReadModelRow> Fold(List<(StreamEvent Stored, object Payload, string Id)> decoded, Dictionary<string, string> stored)
    {
        var documents = new Dictionary<string, TDocument?>(stored.Count, StringComparer.Ordinal);
        foreach (var (id, json) in stored) documents[id] = JsonSerializer.Deserialize<TDocument>(json, Json);

        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (e, payload, id) in decoded)
        {
            var current = documents.GetValueOrDefault(id);
            var next = model.Apply(current, payload, e);
            if (next is null || ReferenceEquals(next, current)) continue;
            documents[id] = next;
            if (seen.Add(id)) changed.Add(id);
        }
        return [.. changed.Select(id => model.Row(documents[id]!, JsonSerializer.Serialize(documents[id]!, Json)))];
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
