using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>Whether the registry (or one subject) accepts writes, with Confluent's wire names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegistryMode>))]
public enum RegistryMode
{
    [JsonStringEnumMemberName("READWRITE")] ReadWrite,
    [JsonStringEnumMemberName("READONLY")] ReadOnly,
    [JsonStringEnumMemberName("READONLY_OVERRIDE")] ReadOnlyOverride,
    [JsonStringEnumMemberName("IMPORT")] Import,
}
