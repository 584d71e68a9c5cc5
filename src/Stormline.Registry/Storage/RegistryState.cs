using System.Text.Json.Nodes;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Schemas;

namespace Stormline.Registry.Storage;

/// <summary>
/// The registry's in-memory indexes, rebuilt by applying log records in order. Invariant: ids never change meaning —
/// the content-to-id map keeps an id even after its last version is hard-deleted, so the same schema gets it back.
/// Records are applied in log order and a SCHEMA record that contradicts what is already there is refused: an id
/// already given to other content, content that already has another id, or a subject version that already holds
/// another id. Every registry reading the same log refuses the same records, so the first writer in log order wins
/// and all registries agree on ids and versions. Not thread-safe: <see cref="SchemaRegistry"/> holds its lock around every call.
/// </summary>
internal sealed class RegistryState
{
    private readonly Dictionary<int, StoredSchema> _byId = [];
    private readonly Dictionary<string, int> _idByContent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<int, StoredVersion>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Compatibility? Level, bool? Normalize)> _configs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RegistryMode> _modes = new(StringComparer.Ordinal);

    // Subject versions whose last record was refused: a registry writing next repairs them (see LogRecord).
    private readonly HashSet<(string Subject, int Version)> _refusedLast = [];

    // id -> the subject versions using it, so reads by id stay O(1) however many subjects there are.
    private readonly Dictionary<int, List<StoredVersion>> _usages = [];

    public int MaxId { get; private set; }

    public IEnumerable<string> Subjects => _subjects.Keys;

    /// <summary>Subject versions whose last record in the log was refused: what a repair must supersede.</summary>
    public IReadOnlyCollection<(string Subject, int Version)> RefusedLast => _refusedLast;

    /// <summary>What makes two registrations the same schema (one id): type, references, text, metadata and rule set.</summary>
    public static string ContentKey(string schemaType, string schema, IReadOnlyList<SchemaReference> references, JsonObject? metadata, JsonObject? ruleSet) =>
        schemaType + "\n" + string.Join(";", references.Select(r => $"{r.Name}={r.Subject}/{r.Version}")) + "\n" + schema
        + (metadata is null && ruleSet is null ? "" : "\n" + Canonical(metadata) + "\n" + Canonical(ruleSet));

    private static string Canonical(JsonObject? node) => node is null ? "" : JsonNormalizer.ToCompactString(JsonNormalizer.SortKeys(node));

    public static StoredSchema SchemaOf(LogRecord record) =>
        new(record.Id!.Value, record.SchemaType ?? "AVRO", record.Schema!, record.References ?? [], record.Metadata, record.RuleSet);

    /// <summary>Applies a record; false when it is refused (see the class comment) and nothing changed.</summary>
    public bool Apply(LogRecord record)
    {
        switch (record.Kind)
        {
            case LogRecord.SchemaKind:
                var key = (record.Subject!, record.Version!.Value);
                var schema = SchemaOf(record);
                var content = schema.ContentKey;
                var current = Versions(record.Subject!, create: false)?.GetValueOrDefault(record.Version.Value);
                if (Conflicts(record.Subject!, record.Version.Value, schema.Id, content))
                {
                    _refusedLast.Add(key);
                    return false;
                }

                _refusedLast.Remove(key);
                if (record.Restore == true && current is not null)
                {
                    break; // a repair changes nothing that is there (not even the deleted flag): it only has to be last
                }

                Remember(schema, content);

                var subjectVersions = Versions(record.Subject!, create: true)!;
                if (subjectVersions.TryGetValue(record.Version!.Value, out var replaced))
                {
                    ForgetUsage(replaced);
                }

                var stored = new StoredVersion(record.Subject!, record.Version.Value, schema.Id, record.Deleted == true);
                subjectVersions[stored.Version] = stored;
                (_usages.TryGetValue(stored.Id, out var users) ? users : _usages[stored.Id] = []).Add(stored);
                break;
            case LogRecord.SchemaIdKind:
                var retired = SchemaOf(record);
                var retiredContent = retired.ContentKey;
                if (Conflicts(null, 0, retired.Id, retiredContent))
                {
                    return false;
                }

                Remember(retired, retiredContent);
                break;
            case LogRecord.AbsentKind:
                if (Versions(record.Subject!, create: false)?.ContainsKey(record.Version!.Value) == true)
                {
                    _refusedLast.Add((record.Subject!, record.Version!.Value)); // a version landed first: the next repair copies it
                    return false;
                }

                _refusedLast.Remove((record.Subject!, record.Version!.Value));
                break;
            case LogRecord.DeleteVersionKind:
                _refusedLast.Remove((record.Subject!, record.Version!.Value));
                if (Versions(record.Subject!, create: false) is { } versions && versions.Remove(record.Version!.Value, out var removed))
                {
                    ForgetUsage(removed);
                    if (versions.Count == 0)
                    {
                        _subjects.Remove(record.Subject!);
                    }
                }

                break;
            case LogRecord.ConfigKind:
                if (record.Compatibility is null && record.Normalize is null)
                {
                    _configs.Remove(record.Subject ?? "");
                }
                else
                {
                    _configs[record.Subject ?? ""] = (record.Compatibility, record.Normalize);
                }

                break;
            case LogRecord.ModeKind:
                if (record.Mode is { } mode)
                {
                    _modes[record.Subject ?? ""] = mode;
                }
                else
                {
                    _modes.Remove(record.Subject ?? "");
                }

                break;
            default:
                throw new InvalidDataException($"unknown registry log record kind '{record.Kind}'");
        }

        return true;
    }

    /// <summary>Whether a SCHEMA (or, with no subject, SCHEMA_ID) record contradicts the state: the checks every registry makes the same way.</summary>
    public bool Conflicts(string? subject, int version, int id, string content) =>
        (_byId.TryGetValue(id, out var holder) && holder.ContentKey != content)
        || (_idByContent.TryGetValue(content, out var known) && known != id)
        || (subject is not null && Versions(subject, create: false)?.TryGetValue(version, out var current) == true && current.Id != id);

    private void Remember(StoredSchema schema, string content)
    {
        if (_byId.TryAdd(schema.Id, schema))
        {
            _idByContent[content] = schema.Id;
            MaxId = Math.Max(MaxId, schema.Id);
        }
    }

    public StoredSchema? Schema(int id) => _byId.GetValueOrDefault(id);

    public int? IdOf(string contentKey) => _idByContent.TryGetValue(contentKey, out var id) ? id : null;

    /// <summary>All versions of a subject, soft-deleted ones included, oldest first; null if it has none.</summary>
    public IReadOnlyCollection<StoredVersion>? VersionsOf(string subject) => Versions(subject, create: false)?.Values;

    /// <summary>The (subject, version) pairs that use a schema id, soft-deleted ones included.</summary>
    public IReadOnlyList<StoredVersion> Usages(int id) => _usages.TryGetValue(id, out var users) ? users : [];

    /// <summary>Live versions whose schema references (<paramref name="subject"/>, <paramref name="version"/>).</summary>
    public IEnumerable<StoredVersion> ReferencedBy(string subject, int version) =>
        _usages.Values.SelectMany(users => users)
            .Where(v => !v.Deleted && _byId[v.Id].References.Any(r => r.Subject == subject && r.Version == version));

    public (Compatibility? Level, bool? Normalize)? Config(string? subject) => _configs.TryGetValue(subject ?? "", out var config) ? config : null;

    public RegistryMode? Mode(string? subject) => _modes.TryGetValue(subject ?? "", out var mode) ? mode : null;

    private void ForgetUsage(StoredVersion version)
    {
        if (_usages.TryGetValue(version.Id, out var users))
        {
            users.Remove(version);
            if (users.Count == 0)
            {
                _usages.Remove(version.Id);
            }
        }
    }

    private SortedDictionary<int, StoredVersion>? Versions(string subject, bool create)
    {
        if (!_subjects.TryGetValue(subject, out var versions) && create)
        {
            _subjects[subject] = versions = [];
        }

        return versions;
    }
}
