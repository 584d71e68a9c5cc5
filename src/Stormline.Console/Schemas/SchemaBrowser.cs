using System.Net;
using System.Text.Json;
using Confluent.SchemaRegistry;
using Stormline.OpsConsole.Api;

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

    private ISchemaRegistryClient Registry => registry
        ?? throw new ConsoleProblem(503, "No schema registry", "The console was started without --registry; restart it with --registry URL to browse schemas.");

    /// <summary>Indented, so a line diff between versions shows the fields that changed.</summary>
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
