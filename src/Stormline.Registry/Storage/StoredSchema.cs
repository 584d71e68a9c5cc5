using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Storage;

/// <summary>A schema under its global id. Immutable once an id is assigned.</summary>
internal sealed record StoredSchema(int Id, string SchemaType, string Schema, IReadOnlyList<SchemaReference> References);
