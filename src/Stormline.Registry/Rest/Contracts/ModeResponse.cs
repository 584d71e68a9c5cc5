using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary><c>GET|PUT /mode[/{s}]</c>.</summary>
public sealed record ModeResponse([property: JsonPropertyName("mode")] RegistryMode Mode);
