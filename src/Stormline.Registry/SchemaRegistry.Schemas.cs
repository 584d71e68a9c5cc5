using Stormline.Registry.Rest;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry;

public sealed partial class SchemaRegistry
{
    /// <summary><c>GET /schemas/ids/{id}</c>: a schema some subject version (soft-deleted included) still uses.</summary>
    public SchemaResponse SchemaById(string idText)
    {
        return Read(() =>
        {
            var id = ParseId(idText);
            var schema = _state.Schema(id);
            if (schema is null || !_state.Usages(id).Any())
            {
                throw RegistryErrors.SchemaNotFound(id);
            }

            return new SchemaResponse(schema.Schema, TypeOnWire(schema.SchemaType), schema.References.Count == 0 ? null : schema.References);
        });
    }

    public IReadOnlyList<SubjectVersion> SchemaVersions(string idText, bool includeDeleted)
    {
        return Read(() =>
        {
            var id = ParseId(idText);
            var usages = _state.Usages(id).Where(v => includeDeleted || !v.Deleted)
                .OrderBy(v => v.Subject, StringComparer.Ordinal).ThenBy(v => v.Version)
                .Select(v => new SubjectVersion(v.Subject, v.Version)).ToList();
            return usages.Count > 0 ? usages : throw RegistryErrors.SchemaNotFound(id);
        });
    }

    public IReadOnlyList<string> SchemaSubjects(string idText, bool includeDeleted) =>
        SchemaVersions(idText, includeDeleted).Select(v => v.Subject).Distinct().ToList();

    private static int ParseId(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw RegistryErrors.SchemaNotFound();
}
