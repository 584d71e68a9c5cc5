using Stormline.Model.Generation;

namespace Stormline.Cli.Schemas;

/// <summary>What registering an event's schema would do to its subject.</summary>
public sealed record SchemaVerdict(EventSchema Schema, VerdictKind Kind, int? Version, string Level, IReadOnlyList<string> Reasons);

public enum VerdictKind
{
    /// <summary>The subject already holds this schema (<see cref="SchemaVerdict.Version"/>).</summary>
    Unchanged,

    /// <summary>The subject has no live version: nothing to be compatible with.</summary>
    New,

    /// <summary>A changed schema the subject's level accepts after <see cref="SchemaVerdict.Version"/>.</summary>
    Compatible,

    /// <summary>A changed schema the subject's level refuses; <see cref="SchemaVerdict.Reasons"/> say why.</summary>
    Breaking,
}
