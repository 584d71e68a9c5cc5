using Stormline.Registry.Checks;
using Stormline.Registry.Rest;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Schemas;
using Stormline.Registry.Storage;

namespace Stormline.Registry;

public sealed partial class SchemaRegistry
{
    /// <summary>
    /// <c>POST /subjects/{s}/versions</c>: the existing id if the subject already has this schema, else a new version
    /// after the compatibility check; in IMPORT mode, the given id (and version) with no check.
    /// </summary>
    public int Register(string subject, RegisterSchemaRequest request, bool normalize) => Mutate(() =>
    {
        var parsed = Parse(request, NormalizeFor(subject, normalize));
        var references = request.References ?? [];
        var existingId = _state.IdOf(RegistryState.ContentKey(parsed.SchemaType, parsed.Canonical, references, request.Metadata, request.RuleSet));
        var live = LiveVersions(subject);
        if (existingId is { } known && live.FirstOrDefault(v => v.Id == known) is { } same && (request.Id is null || request.Id == known))
        {
            return same.Id;
        }

        if (request.Id is null && SameSchemaAnyContract(live, parsed, request) is { } kept)
        {
            return kept.Id; // a client that sends no contract (a serializer) means the version that has this schema with its own
        }

        EnsureWritable(subject);
        var mode = ModeOf(subject);
        if (request.Id is { } requested)
        {
            return mode == RegistryMode.Import
                ? Import(subject, parsed, request, existingId, requested)
                : throw RegistryErrors.NotImportMode(subject);
        }

        if (mode == RegistryMode.Import)
        {
            throw RegistryErrors.NotReadWriteMode(subject);
        }

        var level = LevelFor(subject);
        var messages = CompatibilityChecker.Check(level, parsed, live.Select(v => (v.Version, Parsed(_state.Schema(v.Id)!))).ToList(), t => _formats[t]);
        if (messages.Count > 0)
        {
            RegistryLog.Incompatible(_logger, subject, messages.Count);
            throw RegistryErrors.Incompatible(
                $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{string.Join(", ", messages)}]");
        }

        return Store(subject, parsed, request, existingId ?? _state.MaxId + 1, NextVersion(subject));
    });

    /// <summary>
    /// For a request carrying no metadata and no rule set: the latest of <paramref name="versions"/> whose schema is this
    /// one, whatever contract it was registered with (Confluent's serializers send the schema alone).
    /// </summary>
    private StoredVersion? SameSchemaAnyContract(IEnumerable<StoredVersion> versions, ParsedSchema parsed, RegisterSchemaRequest request)
    {
        if (request.Metadata is not null || request.RuleSet is not null)
        {
            return null;
        }

        var bare = RegistryState.ContentKey(parsed.SchemaType, parsed.Canonical, request.References ?? [], null, null);
        return versions.LastOrDefault(v => _state.Schema(v.Id) is { } s && RegistryState.ContentKey(s.SchemaType, s.Schema, s.References, null, null) == bare);
    }

    /// <summary>IMPORT mode: keeps the id (and version) the schema had in the registry it comes from; no compatibility check.</summary>
    private int Import(string subject, ParsedSchema parsed, RegisterSchemaRequest request, int? existingId, int id)
    {
        if (id < 1)
        {
            throw RegistryErrors.InvalidId(id);
        }

        if (_state.Schema(id) is { } holder && holder.ContentKey != RegistryState.ContentKey(parsed.SchemaType, parsed.Canonical, request.References ?? [], request.Metadata, request.RuleSet))
        {
            throw RegistryErrors.IdTaken(id);
        }

        if (existingId is { } other && other != id)
        {
            throw RegistryErrors.AlreadyRegisteredAs(other, id);
        }

        var version = request.Version is null or 0 or -1 ? NextVersion(subject) : request.Version.Value;
        if (version < 1)
        {
            throw RegistryErrors.InvalidVersion(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_state.VersionsOf(subject)?.FirstOrDefault(v => v.Version == version) is { } taken && taken.Id != id)
        {
            throw RegistryErrors.VersionTaken(subject, version, taken.Id);
        }

        return Store(subject, parsed, request, id, version);
    }

    private int NextVersion(string subject) => (_state.VersionsOf(subject)?.Select(v => v.Version).DefaultIfEmpty().Max() ?? 0) + 1;

    private int Store(string subject, ParsedSchema parsed, RegisterSchemaRequest request, int id, int version)
    {
        Write(new LogRecord
        {
            Kind = LogRecord.SchemaKind, Subject = subject, Version = version, Id = id,
            SchemaType = parsed.SchemaType, Schema = parsed.Canonical, References = request.References is { Count: > 0 } references ? references : null,
            Metadata = request.Metadata, RuleSet = request.RuleSet, Deleted = false,
        });
        _parsed.TryAdd(id, parsed);
        RegistryLog.Registered(_logger, subject, version, id);
        return id;
    }

    /// <summary><c>POST /subjects/{s}</c>: which version of the subject holds this schema.</summary>
    public SubjectVersionResponse Lookup(string subject, RegisterSchemaRequest request, bool normalize, bool includeDeleted)
    {
        return Read(() =>
        {
            var versions = _state.VersionsOf(subject)?.Where(v => includeDeleted || !v.Deleted).ToList();
            if (versions is null || versions.Count == 0)
            {
                throw RegistryErrors.SubjectNotFound(subject);
            }

            var parsed = Parse(request, NormalizeFor(subject, normalize));
            var id = _state.IdOf(RegistryState.ContentKey(parsed.SchemaType, parsed.Canonical, request.References ?? [], request.Metadata, request.RuleSet));
            var match = versions.LastOrDefault(v => v.Id == id) ?? SameSchemaAnyContract(versions, parsed, request) ?? throw RegistryErrors.SchemaNotFound();
            return Describe(match, _state.Schema(match.Id)!);
        });
    }

    public IReadOnlyList<string> Subjects(bool includeDeleted, string? prefix)
    {
        return Read(() =>
        {
            return _state.Subjects
                .Where(s => (prefix is null || s.StartsWith(prefix, StringComparison.Ordinal)) && _state.VersionsOf(s)!.Any(v => includeDeleted || !v.Deleted))
                .Order(StringComparer.Ordinal)
                .ToList();
        });
    }

    public IReadOnlyList<int> Versions(string subject, bool includeDeleted)
    {
        return Read(() =>
        {
            var versions = ExistingVersions(subject).Where(v => includeDeleted || !v.Deleted).Select(v => v.Version).ToList();
            return versions.Count > 0 ? versions : throw RegistryErrors.SubjectNotFound(subject);
        });
    }

    public SubjectVersionResponse Version(string subject, string version, bool includeDeleted)
    {
        return Read(() =>
        {
            var found = FindVersion(subject, version, includeDeleted);
            return Describe(found, _state.Schema(found.Id)!);
        });
    }

    /// <summary><c>GET /subjects/{s}/versions/{v}/referencedby</c>: ids of the live schemas whose references name this version.</summary>
    public IReadOnlyList<int> ReferencedBy(string subject, string versionText)
    {
        return Read(() =>
        {
            var version = FindVersion(subject, versionText, includeDeleted: false);
            return _state.ReferencedBy(subject, version.Version).Select(v => v.Id).Distinct().Order().ToList();
        });
    }

    /// <summary><c>DELETE /subjects/{s}</c>: soft first (versions hidden, ids kept), then <c>permanent=true</c> removes them.</summary>
    public IReadOnlyList<int> DeleteSubject(string subject, bool permanent)
    {
        return Mutate(() =>
        {
            var versions = ExistingVersions(subject).ToList();
            EnsureWritable(subject);
            if (permanent)
            {
                if (versions.Any(v => !v.Deleted))
                {
                    throw RegistryErrors.SubjectNotSoftDeleted(subject);
                }

                Write([
                    .. versions.Select(v => v.Id).Distinct().Select(SchemaIdRecord),
                    .. versions.Select(v => new LogRecord { Kind = LogRecord.DeleteVersionKind, Subject = subject, Version = v.Version }),
                    new LogRecord { Kind = LogRecord.ConfigKind, Subject = subject },
                    new LogRecord { Kind = LogRecord.ModeKind, Subject = subject },
                ]);
                return versions.Select(v => v.Version).ToList();
            }

            var live = versions.Where(v => !v.Deleted).ToList();
            if (live.Count == 0)
            {
                throw RegistryErrors.SubjectSoftDeleted(subject);
            }

            if (live.FirstOrDefault(v => _state.ReferencedBy(subject, v.Version).Any()) is { } needed)
            {
                throw RegistryErrors.ReferenceExists(subject, needed.Version);
            }

            Write([.. live.Select(v => SoftDeleted(v))]);
            return live.Select(v => v.Version).ToList();
        });
    }

    /// <summary><c>DELETE /subjects/{s}/versions/{v}</c>, soft or (after soft) permanent.</summary>
    public int DeleteVersion(string subject, string versionText, bool permanent)
    {
        return Mutate(() =>
        {
            // A numbered version is found even when soft-deleted, to tell "already deleted" (40406) from "never existed" (40402).
            var version = FindVersion(subject, versionText, includeDeleted: permanent || ParseVersion(versionText) is not null);
            EnsureWritable(subject);
            if (!permanent && version.Deleted)
            {
                throw RegistryErrors.VersionSoftDeleted(subject, version.Version);
            }

            if (_state.ReferencedBy(subject, version.Version).Any())
            {
                throw RegistryErrors.ReferenceExists(subject, version.Version); // a live schema still needs it to parse
            }

            if (permanent)
            {
                if (!version.Deleted)
                {
                    throw RegistryErrors.VersionNotSoftDeleted(subject, version.Version);
                }

                Write(SchemaIdRecord(version.Id), new LogRecord { Kind = LogRecord.DeleteVersionKind, Subject = subject, Version = version.Version });
            }
            else
            {
                Write(SoftDeleted(version));
            }

            return version.Version;
        });
    }

    private LogRecord SoftDeleted(StoredVersion version) => SchemaRecord(version, deleted: true);

    /// <summary>Written before a hard delete: the id keeps its meaning even where compaction drops the version's records.</summary>
    private LogRecord SchemaIdRecord(int id)
    {
        var schema = _state.Schema(id)!;
        return new LogRecord
        {
            Kind = LogRecord.SchemaIdKind, Id = id, SchemaType = schema.SchemaType, Schema = schema.Schema,
            References = schema.References.Count == 0 ? null : schema.References, Metadata = schema.Metadata, RuleSet = schema.RuleSet,
        };
    }
}
