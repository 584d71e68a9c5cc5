namespace Stormline.EventSourcing.Sagas;

/// <summary>A named point in time a saga waits for; scheduling a name again moves it.</summary>
public sealed record Deadline(string Name, DateTimeOffset DueAt);
