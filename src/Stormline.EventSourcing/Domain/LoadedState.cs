namespace Stormline.EventSourcing.Domain;

/// <summary>
/// An aggregate's state rebuilt from the store. <see cref="Version"/> is the stream's last version (-1 = no stream);
/// <see cref="SnapshotVersion"/> is the version of the snapshot it started from, if any, and
/// <see cref="ReplayedEvents"/> how many events were folded on top.
/// </summary>
public sealed record LoadedState<TState>(TState State, long Version, long? SnapshotVersion, int ReplayedEvents);
