namespace Stormline.Registry.Schemas;

/// <summary>A schema another one refers to: the name it is referred to by (an Avro full name, a JSON Schema <c>$ref</c> URI) and its text.</summary>
internal sealed record ReferencedSchema(string Name, string Text);
