namespace Stormline.OpsConsole.Security;

/// <summary>
/// Reads a users file: one user a line, <c>NAME ROLE sha256:HEX</c> (ROLE viewer or operator; HEX the SHA-256 of the
/// user's token, e.g. <c>printf %s "$TOKEN" | sha256sum</c>); <c>#</c> starts a comment.
/// </summary>
public static class ConsoleUsersFile
{
    public static IReadOnlyList<ConsoleUser> Load(string path)
    {
        var users = new List<ConsoleUser>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var fields = raw.Split('#', 2)[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 3 || !Enum.TryParse<ConsoleRole>(fields[1], ignoreCase: true, out var role)
                || !fields[2].StartsWith("sha256:", StringComparison.Ordinal) || fields[2].Length != "sha256:".Length + 64)
            {
                throw new FormatException($"{path}:{number}: expected NAME viewer|operator sha256:<64 hex digits>");
            }

            users.Add(new ConsoleUser(fields[0], role, fields[2]["sha256:".Length..].ToLowerInvariant()));
        }

        return users;
    }
}
