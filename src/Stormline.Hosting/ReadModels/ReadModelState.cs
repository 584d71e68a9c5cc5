namespace Stormline.Hosting.ReadModels;

/// <summary>
/// A read model's row in <c>stormline_read_models</c>: the version queries read, and the version being rebuilt
/// beside it (null when no rebuild runs), when that rebuild started and when the last one swapped in.
/// </summary>
public sealed record ReadModelState(string Name, int ActiveVersion, int? RebuildVersion, DateTimeOffset? RebuildStartedAt, DateTimeOffset? RebuiltAt)
{
    public static ReadModelState Initial(string name) => new(name, 1, null, null, null);
}
