using System.Text.Json.Serialization;

namespace Stormline.Broker.Topics;

/// <summary>What is persisted of a topic: its name, id, partition count and config overrides.</summary>
internal sealed record TopicMetadata(string Name, Guid Id, int Partitions, Dictionary<string, string> Configs);

[JsonSerializable(typeof(TopicMetadata))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class TopicMetadataJsonContext : JsonSerializerContext;
