using System.Net;
using System.Text.Json;
using Confluent.SchemaRegistry;
using Stormline.OpsConsole.Api;
using Stormline.Registry.Checks;

namespace Stormline.OpsConsole.Schemas;

/// <summary>Subjects, their versions and compatibility levels, read through the Confluent registry client.</summary>
internal sealed class SchemaBrowser(ISchemaRegistryClient? registry)
{
    public async Task<IReadOnlyList<string>> SubjectsAsync()
    {
        var subjects = await Registry.GetAllSubjectsAsync();
        return subjects.OrderBy(s => s, StringComparer.Ordinal).ToList();
    }

    public async Task<SubjectDetail> SubjectAsync(string subject)
    {
        List<int> versions;
        try
        {
            versions = await Registry.GetSubjectVersionsAsync(subject);
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw ConsoleProblem.NotFound($"Subject '{subject}' is not in the registry.");
        }

        var rows = new List<SchemaVersionRow>();
        foreach (var version in versions.Order())
        {
            var schema = await Registry.GetRegisteredSchemaAsync(subject, version, ignoreDeletedSchemas: false);
            rows.Add(new SchemaVersionRow(version, schema.Id, schema.SchemaType.ToString().ToUpperInvariant(), Pretty(schema.SchemaString)));
        }

        string compatibility;
        try
        {
            compatibility = (await Registry.GetCompatibilityAsync(subject)).ToString();
        }
        catch (SchemaRegistryException)
        {
            compatibility = (await Registry.GetCompatibilityAsync()).ToString();
        }

        return new SubjectDetail(subject, compatibility, rows);
    }

    /// <summary>
    /// Field-level changes from version <paramref name="from"/> to <paramref name="to"/>, each with the levels it breaks
    /// and why: the registry's own check, so the page never says compatible where the registry would refuse.
    /// </summary>
    public async Task<IReadOnlyList<FieldChange>> ChangesAsync(string subject, int from, int to)
    {
        RegisteredSchema before, after;
        try
        {
            before = await Registry.GetRegisteredSchemaAsync(subject, from, ignoreDeletedSchemas: false);
            after = await Registry.GetRegisteredSchemaAsync(subject, to, ignoreDeletedSchemas: false);
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw ConsoleProblem.NotFound($"Subject '{subject}' has no version {from} or {to} in the registry.");
        }

        if (before.SchemaType != after.SchemaType)
        {
            return [new FieldChange("changed", "", before.SchemaType.ToString(), after.SchemaType.ToString(),
                [new LevelBreak(SchemaChanges.Backward, "TYPE_MISMATCH", "the schema type changed"), new LevelBreak(SchemaChanges.Forward, "TYPE_MISMATCH", "the schema type changed")])];
        }

        try
        {
            return SchemaChanges.Between(after.SchemaType.ToString(), before.SchemaString, after.SchemaString);
        }
        catch (ArgumentException ex)
        {
            throw new ConsoleProblem(422, "Schema not comparable", ex.Message); // Protobuf, or a schema with references
        }
    }

    private ISchemaRegistryClient Registry => registry
        ?? throw new ConsoleProblem(503, "No schema registry", "The console was started without --registry; restart it with --registry URL to browse schemas.");

    /// <summary>Indented, for reading beside the field-level changes.</summary>
    private static string Pretty(string schema)
    {
        try
        {
            using var document = JsonDocument.Parse(schema);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return schema; // Protobuf text
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}

internal sealed record SchemaVersionRow(int Version, int Id, string Type, string Schema);

internal sealed record SubjectDetail(string Subject, string Compatibility, IReadOnlyList<SchemaVersionRow> Versions);
