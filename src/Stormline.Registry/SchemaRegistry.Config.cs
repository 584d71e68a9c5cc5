using Stormline.Registry.Checks;
using Stormline.Registry.Rest;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Storage;

namespace Stormline.Registry;

public sealed partial class SchemaRegistry
{
    /// <summary>
    /// <c>POST /compatibility/subjects/{s}/versions/{v}</c>: "latest" checks what a registration would (all live versions
    /// for transitive levels); a number checks that version alone. A subject with no versions is compatible with anything.
    /// </summary>
    public CompatibilityCheckResponse TestCompatibility(string subject, string versionText, RegisterSchemaRequest request, bool normalize, bool verbose)
    {
        return Read(() =>
        {
            var requested = ParseVersion(versionText);
            var parsed = Parse(request, NormalizeFor(subject, normalize));
            var live = LiveVersions(subject);
            if (requested is not null)
            {
                var one = FindVersion(subject, versionText, includeDeleted: false);
                live = [one];
            }

            var messages = CompatibilityChecker.Check(LevelFor(subject), parsed, live.Select(v => (v.Version, Parsed(_state.Schema(v.Id)!))).ToList(), t => _formats[t]);
            return new CompatibilityCheckResponse(messages.Count == 0, verbose ? messages : null);
        });
    }

    public ConfigResponse Config(string? subject, bool defaultToGlobal)
    {
        return Read(() =>
        {
            if (subject is not null && _state.Config(subject) is { } own && own.Level is { } level)
            {
                return new ConfigResponse(level, own.Normalize);
            }

            if (subject is not null && !defaultToGlobal)
            {
                throw RegistryErrors.SubjectConfigNotFound(subject);
            }

            var global = _state.Config(null);
            return new ConfigResponse(global?.Level ?? _options.DefaultCompatibility, global?.Normalize);
        });
    }

    public ConfigUpdateResponse SetConfig(string? subject, ConfigUpdateRequest request)
    {
        var level = CompatibilityNames.Parse<Rest.Contracts.Compatibility>(request.Compatibility) ?? throw RegistryErrors.InvalidCompatibility();
        return Mutate(() =>
        {
            EnsureWritable(subject);
            Write(new LogRecord { Kind = LogRecord.ConfigKind, Subject = subject, Compatibility = level, Normalize = request.Normalize });
            RegistryLog.ConfigChanged(_logger, subject ?? "(global)", CompatibilityNames.Name(level));
            return new ConfigUpdateResponse(level, request.Normalize);
        });
    }

    /// <summary><c>DELETE /config[/{s}]</c>: drops the subject's own level (or resets the global one) and returns what it was.</summary>
    public ConfigResponse DeleteConfig(string? subject)
    {
        return Mutate(() =>
        {
            var previous = Config(subject, defaultToGlobal: false);
            EnsureWritable(subject);
            Write(new LogRecord { Kind = LogRecord.ConfigKind, Subject = subject });
            return previous;
        });
    }

    public ModeResponse Mode(string? subject, bool defaultToGlobal)
    {
        return Read(() =>
        {
            if (subject is not null && _state.Mode(subject) is { } own)
            {
                return new ModeResponse(own);
            }

            if (subject is not null && !defaultToGlobal)
            {
                throw RegistryErrors.SubjectModeNotFound(subject);
            }

            return new ModeResponse(_state.Mode(null) ?? RegistryMode.ReadWrite);
        });
    }

    /// <summary><c>DELETE /mode/{s}</c>: drops the subject's own mode (the global one applies again) and returns what it was.</summary>
    public ModeResponse DeleteMode(string subject)
    {
        return Mutate(() =>
        {
            var previous = _state.Mode(subject) ?? throw RegistryErrors.SubjectModeNotFound(subject);
            Write(new LogRecord { Kind = LogRecord.ModeKind, Subject = subject });
            return new ModeResponse(previous);
        });
    }

    /// <summary>
    /// <c>PUT /mode[/{s}]</c>. Entering IMPORT needs an empty scope (no live versions in the subject, or none at all for the
    /// global mode) unless <paramref name="force"/>: imported ids must not meet ids this registry handed out.
    /// </summary>
    public ModeResponse SetMode(string? subject, ModeRequest request, bool force = false)
    {
        var mode = CompatibilityNames.Parse<RegistryMode>(request.Mode) ?? throw RegistryErrors.InvalidMode(request.Mode);
        return Mutate(() =>
        {
            var occupied = subject is null ? _state.Subjects.Any(s => LiveVersions(s).Count > 0) : LiveVersions(subject).Count > 0;
            if (mode == RegistryMode.Import && ModeOf(subject) != RegistryMode.Import && !force && occupied)
            {
                throw RegistryErrors.ImportNotEmpty();
            }

            Write(new LogRecord { Kind = LogRecord.ModeKind, Subject = subject, Mode = mode });
            return new ModeResponse(mode);
        });
    }
}
