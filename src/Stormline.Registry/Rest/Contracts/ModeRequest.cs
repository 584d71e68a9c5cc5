using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary><c>PUT /mode[/{s}]</c>. A string so an unknown mode is answered with 42204.</summary>
public sealed record ModeRequest([property: JsonPropertyName("mode")] string? Mode);
