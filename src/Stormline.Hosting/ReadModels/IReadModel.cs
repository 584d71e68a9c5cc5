using Stormline.EventSourcing.Streams;

namespace Stormline.Hosting.ReadModels;

/// <summary>A read model's pure parts: which document an event belongs to, how it changes it, and its query columns.</summary>
public interface IReadModel<TDocument> where TDocument : class
{
    /// <summary>The document id (the order id) of an event this read model follows; null for events it ignores.</summary>
    string? IdOf(object @event);

    /// <summary>The document after the event; null (or the same instance) when the event changes nothing.</summary>
    TDocument? Apply(TDocument? current, object @event, StreamEvent stored);

    ReadModelRow Row(TDocument document, string json);
}
