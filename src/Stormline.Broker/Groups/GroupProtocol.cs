namespace Stormline.Broker.Groups;

/// <summary>
/// One protocol a member offers in JoinGroup (for consumers: an assignor such as "range") with its metadata.
/// The metadata is opaque to the coordinator; it is copied out of the request frame, which is reused afterwards.
/// </summary>
internal sealed record GroupProtocol(string Name, byte[] Metadata);
