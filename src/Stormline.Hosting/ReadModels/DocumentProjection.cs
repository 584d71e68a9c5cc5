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
/// </summary>
public sealed class DocumentProjection<TDocument>(ReadModelTable table, EventSerializer serializer, IReadModel<TDocument> model) : IProjection
    where TDocument : class
{
    public static JsonSerializerOptions Json { get; } = HostingJson.Options;

    public string Name => table.Name;

    public ReadModelTable Table => table;

    public async Task Apply(StreamEvent @event, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(transaction);
        var payload = serializer.Deserialize(@event);
        if (model.IdOf(payload) is not { } id) return;
        var stored = await table.Get(transaction.Connection!, transaction, id, cancellationToken);
        var current = stored is null ? null : JsonSerializer.Deserialize<TDocument>(stored, Json);
        var next = model.Apply(current, payload, @event);
        if (next is null || ReferenceEquals(next, current)) return;
        await table.Upsert(transaction, model.Row(next, JsonSerializer.Serialize(next, Json)), cancellationToken);
    }

    public Task Reset(DbTransaction transaction, CancellationToken cancellationToken) => table.Reset(transaction, cancellationToken);

    /// <summary>The document as the read model stores it; null when there is none.</summary>
    public async Task<TDocument?> Read(DbConnection connection, string id, CancellationToken cancellationToken) =>
        await table.Get(connection, null, id, cancellationToken) is { } json ? JsonSerializer.Deserialize<TDocument>(json, Json) : null;

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
