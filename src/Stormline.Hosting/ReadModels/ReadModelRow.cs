namespace Stormline.Hosting.ReadModels;

/// <summary>One read-model document with the columns queries filter and sort on.</summary>
public sealed record ReadModelRow(string Id, string Status, string? CustomerId, DateTimeOffset CreatedAt, string Document);
