namespace Stormline.Registry.Schemas;

/// <summary>The schema text does not parse as its type; answered with 42201.</summary>
internal sealed class InvalidSchemaException(string message, Exception? inner = null) : Exception(message, inner);
