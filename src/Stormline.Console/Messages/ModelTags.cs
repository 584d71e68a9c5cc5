using System.Collections.Concurrent;
using Stormline.OpsConsole.Model;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Masks from the model's <c>pii</c> marks, per event type, for messages without a registered schema (plain JSON):
/// the console started with <c>--model</c> masks them too. Nothing without a model.
/// </summary>
internal sealed class ModelTags(ConsoleModel model, ConsoleOptions options)
{
    private readonly ConcurrentDictionary<string, FieldMask> _masks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tags = options.MaskedTags.ToHashSet(StringComparer.Ordinal);

    public FieldMask For(string? eventType)
    {
        if (eventType is null || _tags.Count == 0 || model.Loaded is not { } loaded) return FieldMask.None;
        return _masks.GetOrAdd(eventType, type => TaggedFields.InModel(loaded, type, _tags) is { Count: > 0 } paths ? new FieldMask(paths) : FieldMask.None);
    }
}
