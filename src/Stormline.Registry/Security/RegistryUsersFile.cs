namespace Stormline.Registry.Security;

/// <summary>
/// Reads a users file: one user a line, <c>NAME ROLE HASH</c> separated by white space, <c>#</c> starts a comment.
/// ROLE is read-only, write or admin; HASH is what <c>stormline registry --hash-password</c> prints.
/// </summary>
public static class RegistryUsersFile
{
    public static IReadOnlyList<RegistryUser> Load(string path) => Parse(File.ReadAllLines(path), path);

    public static IReadOnlyList<RegistryUser> Parse(IEnumerable<string> lines, string source)
    {
        var users = new Dictionary<string, RegistryUser>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3)
            {
                throw new FormatException($"{source}:{number}: expected NAME ROLE PASSWORD-HASH, found {fields.Length} fields");
            }

            if (!RegistryRoles.TryParse(fields[1], out var role))
            {
                throw new FormatException($"{source}:{number}: unknown role '{fields[1]}' (read-only, write or admin)");
            }

            // A plain-text password here would be a mistake worth stopping for, not a login that silently never works.
            if (!RegistryPasswordHash.IsWellFormed(fields[2]))
            {
                throw new FormatException($"{source}:{number}: the password of '{fields[0]}' is not a pbkdf2-sha256 hash (make one with: stormline registry --hash-password)");
            }

            if (!users.TryAdd(fields[0], new RegistryUser(fields[0], role, fields[2])))
            {
                throw new FormatException($"{source}:{number}: user '{fields[0]}' is listed twice");
            }
        }

        return [.. users.Values];
    }
}
