using Stormline.Registry.Checks;

namespace Stormline.Registry.Schemas;

/// <summary>Parsing and reader/writer checking for one schema type.</summary>
internal abstract class SchemaFormat
{
    public abstract string SchemaType { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="references"/> are the referenced schemas, dependencies first.</summary>
    /// <exception cref="InvalidSchemaException">The text is not a valid schema of this type.</exception>
    public abstract ParsedSchema Parse(string text, IReadOnlyList<ReferencedSchema> references, bool normalize);

    /// <summary>What would break if data written with <paramref name="writer"/> were read with <paramref name="reader"/>.</summary>
    public abstract IReadOnlyList<Incompatibility> CheckReadable(ParsedSchema reader, ParsedSchema writer, ReadRoles roles);
}
