using System.Data.Common;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Streams;

namespace Stormline.Hosting.ReadModels;

/// <summary>
/// The read model's projection into the version being rebuilt, under its own checkpoint ("&lt;name&gt;:rebuild"),
/// with <see cref="ProjectionContext.IsReplay"/> set so side effects stay off during the replay.
/// </summary>
internal sealed class RebuildProjection(IVersionedReadModel model, ReadModelTable target) : IProjection
{
    public static string CheckpointId(string readModel) => readModel + ":rebuild";

    public string Name => CheckpointId(model.Name);

    public Task Apply(StreamEvent @event, DbTransaction transaction, CancellationToken cancellationToken) =>
        ApplyBatch([@event], transaction, cancellationToken);

    public Task ApplyBatch(IReadOnlyList<StreamEvent> events, DbTransaction transaction, CancellationToken cancellationToken) =>
        ProjectionContext.AsReplay(() => model.ApplyTo(target, events, transaction, cancellationToken));

    public Task Reset(DbTransaction transaction, CancellationToken cancellationToken) => target.Reset(transaction, cancellationToken);
}
