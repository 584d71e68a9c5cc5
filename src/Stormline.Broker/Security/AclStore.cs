using System.Text.Json;
using System.Text.Json.Serialization;
using Stormline.Broker.Log;

namespace Stormline.Broker.Security;

/// <summary>
/// The ACLs of this broker, kept in <c>meta/acls.json</c>. A change is written (<see cref="DurableFile"/>: whole old
/// or whole new file after a crash) before it is visible or answered; when the write fails nothing changes.
/// Thread-safe: changes take a lock and publish a new immutable snapshot, so readers (every authorized request)
/// never lock.
/// </summary>
internal sealed class AclStore
{
    public const string FileName = "acls.json";

    private readonly Lock _gate = new();
    private readonly string _path;
    private volatile AclBinding[] _acls;

    public AclStore(string dataDirectory)
    {
        var meta = Path.Combine(dataDirectory, "meta");
        Directory.CreateDirectory(meta);
        _path = Path.Combine(meta, FileName);
        _acls = Load(_path);
    }

    /// <summary>Every ACL, in creation order.</summary>
    public IReadOnlyList<AclBinding> All => _acls;

    public IReadOnlyList<AclBinding> Describe(AclBindingFilter filter) => _acls.Where(filter.Matches).ToList();

    /// <summary>Adds the bindings not already present (creating an existing ACL succeeds, as in Kafka).</summary>
    /// <exception cref="IOException">The file could not be written; no ACL was added.</exception>
    public void Create(IReadOnlyCollection<AclBinding> bindings)
    {
        lock (_gate)
        {
            var next = _acls.Concat(bindings).Distinct().ToArray();
            if (next.Length != _acls.Length)
            {
                Save(next);
            }
        }
    }

    /// <summary>Removes every ACL any filter matches; answers, per filter, the ACLs it matched.</summary>
    /// <exception cref="IOException">The file could not be written; no ACL was removed.</exception>
    public IReadOnlyList<IReadOnlyList<AclBinding>> Delete(IReadOnlyList<AclBindingFilter> filters)
    {
        lock (_gate)
        {
            var matched = filters.Select(f => (IReadOnlyList<AclBinding>)_acls.Where(f.Matches).ToList()).ToList();
            var next = _acls.Where(a => !filters.Any(f => f.Matches(a))).ToArray();
            if (next.Length != _acls.Length)
            {
                Save(next);
            }

            return matched;
        }
    }

    private void Save(AclBinding[] next)
    {
        DurableFile.Replace(_path, JsonSerializer.SerializeToUtf8Bytes(next, AclJsonContext.Default.AclBindingArray));
        _acls = next;
    }

    private static AclBinding[] Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var acls = JsonSerializer.Deserialize(File.ReadAllBytes(path), AclJsonContext.Default.AclBindingArray) ?? [];
            if (acls.FirstOrDefault(a => a.Invalid() is not null) is { } bad)
            {
                throw new InvalidDataException($"{bad.Invalid()} in {bad}");
            }

            return acls;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"The ACL file {path} cannot be read ({ex.Message}); restore it from a backup or remove it to start without ACLs.", ex);
        }
    }
}

[JsonSerializable(typeof(AclBinding[]))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
internal sealed partial class AclJsonContext : JsonSerializerContext;
