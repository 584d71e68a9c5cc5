namespace Stormline.Model.Flow;

/// <summary>An aggregate whose commands are triggered from many contexts: a sign it orchestrates, or sits in the wrong place.</summary>
public sealed record BusyAggregate(string Aggregate, string Context, IReadOnlyDictionary<string, IReadOnlyList<string>> CommandsBySenderContext);
