using Stormline.Registry.Checks;
using Stormline.Registry.Rest;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Storage;

namespace Stormline.Registry;

public sealed partial class SchemaRegistry
{
    /// <summary><c>POST /subjects/{s}/versions</c>: the existing id if the subject already has this schema, else a new version after the compatibility check.</summary>
    public int Register(string subject, RegisterSchemaRequest request, bool normalize)
    {
        return Mutate(() =>
        {
            var parsed = Parse(request, NormalizeFor(subject, normalize));
            var references = request.References ?? [];
            var contentKey = RegistryState.ContentKey(parsed.SchemaType, parsed.Canonical, references);
            var existingId = _state.IdOf(contentKey);
            var live = LiveVersions(subject);
            if (existingId is { } known && live.FirstOrDefault(v => v.Id == known) is { } same)
            {
                return same.Id;
            }

            EnsureWritable(subject);
            var level = LevelFor(subject);
            var messages = CompatibilityChecker.Check(level, parsed, live.Select(v => (v.Version, Parsed(_state.Schema(v.Id)!))).ToList(), t => _formats[t]);
            if (messages.Count > 0)
            {
                RegistryLog.Incompatible(_logger, subject, messages.Count);
                throw RegistryErrors.Incompatible(
                    $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{string.Join(", ", messages)}]");
            }

            var id = existingId ?? _state.MaxId + 1;
            var version = (_state.VersionsOf(subject)?.Select(v => v.Version).DefaultIfEmpty().Max() ?? 0) + 1;
            Write(new LogRecord
            {
                Kind = LogRecord.SchemaKind, Subject = subject, Version = version, Id = id,
                SchemaType = parsed.SchemaType, Schema = parsed.Canonical, References = references.Count == 0 ? null : references, Deleted = false,
            });
            _parsed.TryAdd(id, parsed);
            RegistryLog.Registered(_logger, subject, version, id);
            return id;
        });
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
            var id = _state.IdOf(RegistryState.ContentKey(parsed.SchemaType, parsed.Canonical, request.References ?? []));
            var match = versions.LastOrDefault(v => v.Id == id) ?? throw RegistryErrors.SchemaNotFound();
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

                Write(new LogRecord { Kind = LogRecord.DeleteVersionKind, Subject = subject, Version = version.Version });
            }
            else
            {
                Write(SoftDeleted(version));
            }

            return version.Version;
        });
    }

    private LogRecord SoftDeleted(StoredVersion version) => SchemaRecord(version, deleted: true);
}
