namespace Stormline.Model.Topics;

/// <summary>One config the plan sets to a value the cluster does not have (<see cref="From"/> is null when the cluster did not report it).</summary>
public sealed record ConfigChange(string Topic, string Key, string? From, string To);
