using System.Text.Json;
using Stormline.Broker.Log;

namespace Stormline.Broker.Security;

/// <summary>
/// SCRAM credentials by user and mechanism, kept in <c>meta/scram-credentials.json</c> of the data directory. A change
/// is written (temporary file, fsync, rename) before it is visible, so a credential that AlterUserScramCredentials
/// reported as stored survives a crash, and a failed write changes nothing. Thread-safe.
/// </summary>
internal sealed class ScramCredentialStore
{
    private const string FileName = "scram-credentials.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _path;
    private readonly Lock _gate = new();
    private Dictionary<string, Dictionary<string, StoredCredential>> _users;

    public ScramCredentialStore(string dataDirectory)
    {
        var meta = Path.Combine(dataDirectory, "meta");
        Directory.CreateDirectory(meta);
        _path = Path.Combine(meta, FileName);
        _users = File.Exists(_path) ? Load(_path) : [];
    }

    public ScramCredential? Find(string user, ScramMechanism mechanism)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(user)?.GetValueOrDefault(mechanism.Name)?.ToCredential();
        }
    }

    /// <summary>Every user with at least one credential: the mechanisms and iteration counts only, as Kafka describes them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(ScramMechanism Mechanism, int Iterations)>> Describe()
    {
        lock (_gate)
        {
            return _users.ToDictionary(
                u => u.Key,
                u => (IReadOnlyList<(ScramMechanism, int)>)u.Value.Select(m => (ScramMechanism.ByName(m.Key)!, m.Value.Iterations)).ToList());
        }
    }

    /// <summary>Applies deletions and upserts together, durably, or throws <see cref="IOException"/> having changed nothing.</summary>
    public void Apply(IEnumerable<(string User, ScramMechanism Mechanism)> deletions, IEnumerable<(string User, ScramMechanism Mechanism, ScramCredential Credential)> upserts)
    {
        lock (_gate)
        {
            var next = _users.ToDictionary(u => u.Key, u => new Dictionary<string, StoredCredential>(u.Value));
            foreach (var (user, mechanism) in deletions)
            {
                if (next.TryGetValue(user, out var mechanisms) && mechanisms.Remove(mechanism.Name) && mechanisms.Count == 0)
                {
                    next.Remove(user);
                }
            }

            foreach (var (user, mechanism, credential) in upserts)
            {
                if (!next.TryGetValue(user, out var mechanisms))
                {
                    next[user] = mechanisms = [];
                }

                mechanisms[mechanism.Name] = StoredCredential.From(credential);
            }

            DurableFile.Replace(_path, JsonSerializer.SerializeToUtf8Bytes(next, Json));
            _users = next;
        }
    }

    /// <exception cref="IOException">The file is unreadable; the broker does not start rather than forget every SCRAM user.</exception>
    private static Dictionary<string, Dictionary<string, StoredCredential>> Load(string path)
    {
        try
        {
            var users = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, StoredCredential>>>(File.ReadAllBytes(path));
            if (users is not null && users.Values.All(m => m.Keys.All(k => ScramMechanism.ByName(k) is not null)))
            {
                return users;
            }
        }
        catch (JsonException)
        {
        }

        throw new IOException($"{path} is damaged; restore it from a backup, or remove it to start without SCRAM users");
    }

    private sealed record StoredCredential(string Salt, string StoredKey, string ServerKey, int Iterations)
    {
        public static StoredCredential From(ScramCredential c) =>
            new(Convert.ToBase64String(c.Salt), Convert.ToBase64String(c.StoredKey), Convert.ToBase64String(c.ServerKey), c.Iterations);

        public ScramCredential ToCredential() =>
            new(Convert.FromBase64String(Salt), Convert.FromBase64String(StoredKey), Convert.FromBase64String(ServerKey), Iterations);
    }
}
