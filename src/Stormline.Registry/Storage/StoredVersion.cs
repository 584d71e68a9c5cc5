namespace Stormline.Registry.Storage;

/// <summary>A subject's version: which global schema it points at, and whether it was soft-deleted.</summary>
internal sealed record StoredVersion(string Subject, int Version, int Id, bool Deleted);
