using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Log;

namespace Stormline.Broker.Groups;

/// <summary>
/// Keeps each Stable group's generation in <c>meta/groups/</c>, one file per group, as Kafka keeps GroupMetadata in
/// __consumer_offsets: after a broker restart the members go on heartbeating in their generation with their
/// assignment instead of all rejoining at once. Written when a generation becomes Stable (or a static member takes its
/// place back under a new id), removed when the group empties. Rebalances are rare, so each write replaces the
/// whole small file through <see cref="DurableFile"/>. Callers hold the group's lock, one writer per group.
/// </summary>
internal sealed class GroupMembershipStore
{
    private const string Suffix = ".json";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly string _directory;
    private readonly ILogger _logger;

    public GroupMembershipStore(string dataDirectory, ILogger logger)
    {
        _directory = Path.Combine(dataDirectory, "meta", "groups");
        _logger = logger;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Every stored generation; a file that cannot be read is logged and left out (its members rejoin).</summary>
    public IReadOnlyList<GroupMembership> Load()
    {
        var loaded = new List<GroupMembership>();
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + Suffix))
        {
            try
            {
                if (JsonSerializer.Deserialize<GroupMembership>(File.ReadAllBytes(path), Json) is { Members.Count: > 0 } membership)
                {
                    loaded.Add(membership);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
            {
                _logger.LogWarning(ex, "Could not read the stored membership {Path}; that group's members rejoin", path);
            }
        }

        return loaded;
    }

    /// <summary>Stores the group's current generation; a failure is logged, not thrown: the members would only rejoin after a restart.</summary>
    public void Save(ConsumerGroup group)
    {
        try
        {
            DurableFile.Replace(PathOf(group.GroupId), JsonSerializer.SerializeToUtf8Bytes(GroupMembership.Of(group), Json));
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Could not store generation {Generation} of group {GroupId}; its members rejoin after a restart", group.GenerationId, group.GroupId);
        }
    }

    /// <summary>Forgets the group's stored generation (it emptied or was deleted).</summary>
    public void Remove(string groupId)
    {
        try
        {
            File.Delete(PathOf(groupId));
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Could not remove the stored generation of group {GroupId}", groupId);
        }
    }

    /// <summary>
    /// Group ids may hold any character: the file is named by the id's UTF-8 bytes in hex, or by their SHA-256 when that
    /// name would be too long for the file system (the id itself is inside the file).
    /// </summary>
    private string PathOf(string groupId)
    {
        var bytes = Encoding.UTF8.GetBytes(groupId);
        var name = bytes.Length <= 100 ? Convert.ToHexString(bytes) : "sha256-" + Convert.ToHexString(SHA256.HashData(bytes));
        return Path.Combine(_directory, name + Suffix);
    }
}
