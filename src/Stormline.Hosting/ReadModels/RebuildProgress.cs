namespace Stormline.Hosting.ReadModels;

/// <summary>
/// Where a read model's rebuild stands, as <c>GET /stormline/read-models/{name}/rebuild</c> answers. "rebuilding"
/// while version <see cref="TargetVersion"/> replays the log beside the live <see cref="ActiveVersion"/>, "idle"
/// otherwise (then <see cref="RebuiltAt"/> says when the last rebuild swapped in). Positions are global log
/// positions, so <see cref="EventsPerSecond"/> and <see cref="EtaSeconds"/> are estimates from the replay so far.
/// </summary>
public sealed record RebuildProgress(
    string ReadModel,
    string State,
    int ActiveVersion,
    int? TargetVersion,
    long Position,
    long HeadPosition,
    long LiveCheckpoint,
    double Percent,
    double EventsPerSecond,
    double? EtaSeconds,
    DateTimeOffset? StartedAt,
    DateTimeOffset? RebuiltAt)
{
    public const string Rebuilding = "rebuilding";
    public const string Idle = "idle";
}
