namespace Stormline.Model.Topics;

/// <summary>A topic as the cluster reports it: partition count and the current value of each config (defaults included).</summary>
public sealed record ObservedTopic(string Name, int Partitions, IReadOnlyDictionary<string, string> Config);
