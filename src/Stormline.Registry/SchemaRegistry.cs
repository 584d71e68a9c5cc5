using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stormline.Registry.Checks;
using Stormline.Registry.Rest;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Schemas;
using Stormline.Registry.Storage;

namespace Stormline.Registry;

/// <summary>
/// The registry's operations over its durable log. Thread-safety: one lock serialises every call, so id allocation and
/// "same schema, same id" hold under concurrent registrations; a write is on disk before the call returns.
/// Errors are <see cref="RegistryException"/>s carrying Confluent's codes.
/// </summary>
public sealed partial class SchemaRegistry : IDisposable
{
    private readonly Lock _lock = new();
    private readonly RegistryLogFile _log;
    private readonly RegistryState _state = new();
    private readonly Dictionary<int, ParsedSchema> _parsed = [];
    private readonly Dictionary<string, SchemaFormat> _formats = new SchemaFormat[] { new AvroFormat(), new JsonSchemaFormat() }.ToDictionary(f => f.SchemaType);
    private readonly RegistryOptions _options;
    private readonly ILogger<SchemaRegistry> _logger;

    public SchemaRegistry(IOptions<RegistryOptions> options, ILogger<SchemaRegistry> logger)
    {
        _options = options.Value;
        _logger = logger;
        _log = RegistryLogFile.Open(_options.DataDirectory, out var records);
        foreach (var record in records)
        {
            _state.Apply(record);
        }

        RegistryLog.Loaded(_logger, records.Count, _state.MaxId, _log.Path);
    }

    public void Dispose() => _log.Dispose();

    private void Write(params LogRecord[] records)
    {
        try
        {
            _log.Append(records);
        }
        catch (IOException ex)
        {
            throw RegistryErrors.StoreError(ex.Message); // nothing was applied: the log was cut back to before the write
        }

        foreach (var record in records)
        {
            _state.Apply(record);
        }
    }

    private SchemaFormat Format(string? schemaType)
    {
        var type = string.IsNullOrEmpty(schemaType) ? SchemaTypes.Avro : schemaType.ToUpperInvariant();
        if (_formats.TryGetValue(type, out var format))
        {
            return format;
        }

        throw RegistryErrors.InvalidSchema(type == SchemaTypes.Protobuf
            ? "Schema type PROTOBUF is not supported by this registry; supported types are AVRO and JSON"
            : $"Invalid schema type {schemaType}");
    }

    private ParsedSchema Parse(RegisterSchemaRequest request, bool normalize)
    {
        if (string.IsNullOrWhiteSpace(request.Schema))
        {
            throw RegistryErrors.InvalidSchema("Invalid schema: the schema is empty");
        }

        var format = Format(request.SchemaType);
        try
        {
            return format.Parse(request.Schema, ResolveReferences(request.References ?? [], 0), normalize);
        }
        catch (InvalidSchemaException ex)
        {
            throw RegistryErrors.InvalidSchema(ex.Message);
        }
    }

    /// <summary>The texts of referenced schemas, each after its own references, so named types are declared before use.</summary>
    private List<string> ResolveReferences(IReadOnlyList<SchemaReference> references, int depth)
    {
        var texts = new List<string>();
        foreach (var reference in references)
        {
            var version = depth < 16 ? _state.VersionsOf(reference.Subject)?.FirstOrDefault(v => v.Version == reference.Version) : null;
            if (version is null || _state.Schema(version.Id) is not { } schema)
            {
                throw RegistryErrors.InvalidSchema($"Invalid schema: reference '{reference.Name}' to subject '{reference.Subject}' version {reference.Version} not found");
            }

            foreach (var text in ResolveReferences(schema.References, depth + 1).Append(schema.Schema).Where(t => !texts.Contains(t)))
            {
                texts.Add(text);
            }
        }

        return texts;
    }

    private ParsedSchema Parsed(StoredSchema schema)
    {
        if (!_parsed.TryGetValue(schema.Id, out var parsed))
        {
            parsed = _formats[schema.SchemaType].Parse(schema.Schema, ResolveReferences(schema.References, 0), normalize: false);
            _parsed[schema.Id] = parsed;
        }

        return parsed;
    }

    private static SubjectVersionResponse Describe(StoredVersion version, StoredSchema schema) => new(
        version.Subject, version.Version, version.Id, TypeOnWire(schema.SchemaType), schema.References.Count == 0 ? null : schema.References, schema.Schema);

    /// <summary>Confluent leaves <c>schemaType</c> out for AVRO; clients read its absence as AVRO.</summary>
    private static string? TypeOnWire(string schemaType) => schemaType == SchemaTypes.Avro ? null : schemaType;

    private static int? ParseVersion(string text)
    {
        if (string.Equals(text, "latest", StringComparison.OrdinalIgnoreCase) || text == "-1")
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version >= 1
            ? version
            : throw RegistryErrors.InvalidVersion(text);
    }

    private IReadOnlyCollection<StoredVersion> ExistingVersions(string subject) =>
        _state.VersionsOf(subject) ?? throw RegistryErrors.SubjectNotFound(subject);

    private List<StoredVersion> LiveVersions(string subject) => _state.VersionsOf(subject)?.Where(v => !v.Deleted).ToList() ?? [];

    private StoredVersion FindVersion(string subject, string versionText, bool includeDeleted)
    {
        var requested = ParseVersion(versionText);
        var versions = ExistingVersions(subject).Where(v => includeDeleted || !v.Deleted).ToList();
        if (versions.Count == 0 && !includeDeleted)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        var found = requested is { } number ? versions.FirstOrDefault(v => v.Version == number) : versions.LastOrDefault();
        return found ?? throw RegistryErrors.VersionNotFound(requested ?? -1);
    }

    private Rest.Contracts.Compatibility LevelFor(string subject) =>
        _state.Config(subject)?.Level ?? _state.Config(null)?.Level ?? _options.DefaultCompatibility;

    private bool NormalizeFor(string subject, bool requested) =>
        requested || (_state.Config(subject)?.Normalize ?? _state.Config(null)?.Normalize ?? false);

    private void EnsureWritable(string? subject)
    {
        var mode = (subject is null ? null : _state.Mode(subject)) ?? _state.Mode(null) ?? RegistryMode.ReadWrite;
        if (mode is RegistryMode.ReadOnly or RegistryMode.ReadOnlyOverride)
        {
            throw RegistryErrors.ReadOnly(subject ?? "(global)");
        }
    }
}
