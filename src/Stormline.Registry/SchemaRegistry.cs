using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stormline.Registry.Checks;
using Stormline.Registry.Rest;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Schemas;
using Stormline.Registry.Storage;

namespace Stormline.Registry;

/// <summary>
/// The registry's operations over its durable log (a file, or a Kafka topic shared with other registries).
/// Thread-safety: one lock serialises every call in this process, so id allocation and "same schema, same id" hold
/// under concurrent registrations; a write is durable before the call returns. Across registries sharing a topic, each
/// write first reads the topic to its end, decides, produces, and reads its records back: if another registry's record
/// came first and contradicts ours (<see cref="RegistryState"/> refuses it), the operation runs again on the new state.
/// Errors are <see cref="RegistryException"/>s carrying Confluent's codes.
/// </summary>
public sealed partial class SchemaRegistry : IDisposable
{
    /// <summary>How often a write is retried after losing a race to another registry before the caller gets a 500.</summary>
    private const int WriteAttempts = 10;

    private readonly Lock _lock = new();
    private readonly IRegistryStore _store;
    private readonly RegistryState _state = new();
    private readonly Dictionary<int, ParsedSchema> _parsed = [];
    private readonly Dictionary<string, SchemaFormat> _formats = new SchemaFormat[] { new AvroFormat(), new JsonSchemaFormat() }.ToDictionary(f => f.SchemaType);
    private readonly RegistryOptions _options;
    private readonly ILogger<SchemaRegistry> _logger;

    public SchemaRegistry(IOptions<RegistryOptions> options, ILogger<SchemaRegistry> logger)
    {
        _options = options.Value;
        _logger = logger;
        _store = OpenStore(_options, logger);
        var records = _store.ReadNew(toEnd: true);
        foreach (var record in records)
        {
            _state.Apply(record);
        }

        RegistryLog.Loaded(_logger, records.Count, _state.MaxId, _store.Location);
    }

    /// <summary>Where the records are: <c>file</c> or <c>topic@bootstrap</c>.</summary>
    public string StoreLocation => _store.Location;

    public void Dispose() => _store.Dispose();

    private static IRegistryStore OpenStore(RegistryOptions options, ILogger logger)
    {
        if (options.BootstrapServers is not { Length: > 0 } bootstrap)
        {
            return RegistryLogFile.Open(options.DataDirectory);
        }

        try
        {
            return KafkaRegistryStore.Open(bootstrap, options.Topic, options.StoreTimeout, logger);
        }
        catch (Exception ex) when (ex is Confluent.Kafka.KafkaException or TimeoutException)
        {
            throw new IOException($"cannot open the registry topic {options.Topic} on {bootstrap}: {ex.Message}; check that the cluster is up and the address is right", ex);
        }
    }

    /// <summary>A read: first takes in what other registries wrote and has already arrived (no broker round trip).</summary>
    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            ApplyAll(ReadNew(toEnd: false));
            return read();
        }
    }

    /// <summary>A write: decides on the log's latest state and runs again when another registry's write won the race.</summary>
    private T Mutate<T>(Func<T> write)
    {
        lock (_lock)
        {
            for (var attempt = 1; ; attempt++)
            {
                ApplyAll(ReadNew(toEnd: true));
                Repair();
                try
                {
                    return write();
                }
                catch (WriteConflictException)
                {
                    RegistryLog.WriteConflict(_logger, attempt);
                    if (attempt == WriteAttempts)
                    {
                        throw RegistryErrors.StoreError($"{WriteAttempts} attempts lost races to other registries writing {_store.Location}; try again");
                    }
                }
            }
        }
    }

    private IReadOnlyList<LogRecord> ReadNew(bool toEnd)
    {
        try
        {
            return _store.ReadNew(toEnd);
        }
        catch (IOException ex)
        {
            throw RegistryErrors.StoreError(ex.Message);
        }
    }

    private void ApplyAll(IReadOnlyList<LogRecord> records)
    {
        foreach (var record in records)
        {
            _state.Apply(record);
        }
    }

    private void Write(params LogRecord[] records)
    {
        IReadOnlyList<StoredRecord> stored;
        try
        {
            stored = _store.Append(records);
        }
        catch (IOException ex)
        {
            throw RegistryErrors.StoreError(ex.Message); // a file log was cut back to before the write; a topic's records are read on the next call
        }

        if (stored.Count(r => !_state.Apply(r.Record) && r.Own) > 0) // every record is applied, in log order
        {
            throw new WriteConflictException(); // another registry's record came first: Mutate repairs and runs again
        }
    }

    /// <summary>
    /// Supersedes every key whose last record was refused (a lost race) with what the log decided — a copy of the
    /// version there, or "absent" — so a compacted topic, which keeps only the last record per key, keeps the winner.
    /// Runs after reading to the end; a repair that itself loses a race is repaired by the next write.
    /// </summary>
    private void Repair()
    {
        if (_state.RefusedLast.Count == 0)
        {
            return;
        }

        var repairs = _state.RefusedLast.Select(key => _state.VersionsOf(key.Subject)?.FirstOrDefault(v => v.Version == key.Version) is { } winner
            ? SchemaRecord(winner, winner.Deleted) with { Restore = true }
            : new LogRecord { Kind = LogRecord.AbsentKind, Subject = key.Subject, Version = key.Version }).ToList();
        try
        {
            foreach (var record in _store.Append(repairs))
            {
                _state.Apply(record.Record);
            }
        }
        catch (IOException ex)
        {
            throw RegistryErrors.StoreError(ex.Message);
        }
    }

    private LogRecord SchemaRecord(StoredVersion version, bool deleted)
    {
        var schema = _state.Schema(version.Id)!;
        return new LogRecord
        {
            Kind = LogRecord.SchemaKind, Subject = version.Subject, Version = version.Version, Id = version.Id, SchemaType = schema.SchemaType,
            Schema = schema.Schema, References = schema.References.Count == 0 ? null : schema.References, Metadata = schema.Metadata, RuleSet = schema.RuleSet,
            Deleted = deleted,
        };
    }

    /// <summary>Thrown by <see cref="Write"/> when another registry won: <see cref="Mutate{T}"/> runs the operation again.</summary>
    private sealed class WriteConflictException : Exception;

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

    /// <summary>The referenced schemas, each after its own references, so named types are declared before use.</summary>
    private List<ReferencedSchema> ResolveReferences(IReadOnlyList<SchemaReference> references, int depth)
    {
        var resolved = new List<ReferencedSchema>();
        foreach (var reference in references)
        {
            var version = depth < 16 ? _state.VersionsOf(reference.Subject)?.FirstOrDefault(v => v.Version == reference.Version) : null;
            if (version is null || _state.Schema(version.Id) is not { } schema)
            {
                throw RegistryErrors.InvalidSchema($"Invalid schema: reference '{reference.Name}' to subject '{reference.Subject}' version {reference.Version} not found");
            }

            foreach (var one in ResolveReferences(schema.References, depth + 1).Append(new ReferencedSchema(reference.Name, schema.Schema)).Where(r => !resolved.Contains(r)))
            {
                resolved.Add(one);
            }
        }

        return resolved;
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
        version.Subject, version.Version, version.Id, TypeOnWire(schema.SchemaType), schema.References.Count == 0 ? null : schema.References, schema.Schema,
        schema.Metadata, schema.RuleSet);

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

    /// <summary>The subject's own mode, else the global one, else READWRITE.</summary>
    private RegistryMode ModeOf(string? subject) => (subject is null ? null : _state.Mode(subject)) ?? _state.Mode(null) ?? RegistryMode.ReadWrite;

    private void EnsureWritable(string? subject)
    {
        if (ModeOf(subject) is RegistryMode.ReadOnly or RegistryMode.ReadOnlyOverride)
        {
            throw RegistryErrors.ReadOnly(subject ?? "(global)");
        }
    }
}
