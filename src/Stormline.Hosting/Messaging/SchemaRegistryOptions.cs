namespace Stormline.Hosting.Messaging;

/// <summary>
/// The "SchemaRegistry" configuration section. With a <see cref="Url"/>, every event is published in Confluent's wire
/// format with the id of its registered schema and consumers decode by id; without one, events travel as plain JSON.
/// </summary>
public sealed class SchemaRegistryOptions
{
    public const string Section = "SchemaRegistry";

    /// <summary>The registry's URL (several comma-separated); empty for plain JSON on the wire.</summary>
    public string? Url { get; set; }

    /// <summary>Which registered schema events are written with: Avro (binary) by default, or JSON Schema (the JSON itself).</summary>
    public WireFormat Format { get; set; } = WireFormat.Avro;

    /// <summary>"user:password" for a registry behind basic auth (Confluent Cloud's API key and secret).</summary>
    public string? BasicAuthUserInfo { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
