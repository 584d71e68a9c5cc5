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

            return new SchemaResponse(schema.Schema, TypeOnWire(schema.SchemaType), schema.References.Count == 0 ? null : schema.References, schema.Metadata, schema.RuleSet);
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

    /// <summary>
    /// <c>GET /schemas</c>: every subject version under <paramref name="subjectPrefix"/>, by subject then version, as
    /// Confluent lists them; <paramref name="latestOnly"/> keeps each subject's newest, then <paramref name="offset"/> and
    /// <paramref name="limit"/> (ignored when negative) page the list.
    /// </summary>
    public IReadOnlyList<SubjectVersionResponse> Schemas(string? subjectPrefix, bool includeDeleted, bool latestOnly, int offset, int limit)
    {
        return Read(() =>
        {
            var found = _state.Subjects.Where(s => subjectPrefix is null || s.StartsWith(subjectPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .SelectMany(s =>
                {
                    var versions = _state.VersionsOf(s)!.Where(v => includeDeleted || !v.Deleted);
                    return latestOnly ? versions.TakeLast(1) : versions;
                })
                .Skip(Math.Max(offset, 0));
            return (limit >= 0 ? found.Take(limit) : found).Select(v => Describe(v, _state.Schema(v.Id)!)).ToList();
        });
    }

    public IReadOnlyList<string> SchemaSubjects(string idText, bool includeDeleted) =>
        SchemaVersions(idText, includeDeleted).Select(v => v.Subject).Distinct().ToList();

    private static int ParseId(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw RegistryErrors.SchemaNotFound();
}
