using System.Text.Json.Nodes;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Storage;

/// <summary>A schema under its global id, with its data-contract metadata and rule set if any. Immutable once an id is assigned.</summary>
internal sealed record StoredSchema(int Id, string SchemaType, string Schema, IReadOnlyList<SchemaReference> References, JsonObject? Metadata = null, JsonObject? RuleSet = null)
{
    public string ContentKey => RegistryState.ContentKey(SchemaType, Schema, References, Metadata, RuleSet);
}
