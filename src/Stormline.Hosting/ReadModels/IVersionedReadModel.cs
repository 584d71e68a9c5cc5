using System.Data.Common;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Streams;

namespace Stormline.Hosting.ReadModels;

/// <summary>A projection into a <see cref="ReadModelTable"/> that can apply events to any version of it, so a rebuild can fill the next one.</summary>
internal interface IVersionedReadModel : IProjection
{
    /// <summary>The read model's table at version 1; <see cref="ReadModelTable.At"/> gives the others.</summary>
    ReadModelTable Definition { get; }

    /// <summary>Applies events, in log order, to <paramref name="target"/>.</summary>
    Task ApplyTo(ReadModelTable target, IReadOnlyList<StreamEvent> events, DbTransaction transaction, CancellationToken cancellationToken);
}
