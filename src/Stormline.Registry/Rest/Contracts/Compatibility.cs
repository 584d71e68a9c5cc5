using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>A subject's compatibility level, with Confluent's wire names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Compatibility>))]
public enum Compatibility
{
    [JsonStringEnumMemberName("NONE")] None,
    [JsonStringEnumMemberName("BACKWARD")] Backward,
    [JsonStringEnumMemberName("BACKWARD_TRANSITIVE")] BackwardTransitive,
    [JsonStringEnumMemberName("FORWARD")] Forward,
    [JsonStringEnumMemberName("FORWARD_TRANSITIVE")] ForwardTransitive,
    [JsonStringEnumMemberName("FULL")] Full,
    [JsonStringEnumMemberName("FULL_TRANSITIVE")] FullTransitive,
}
