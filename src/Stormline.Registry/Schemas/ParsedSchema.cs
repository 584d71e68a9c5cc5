namespace Stormline.Registry.Schemas;

/// <summary>A schema that parsed: its type, the text stored and compared for identity, and the format's own model.</summary>
internal sealed record ParsedSchema(string SchemaType, string Canonical, object Model);
