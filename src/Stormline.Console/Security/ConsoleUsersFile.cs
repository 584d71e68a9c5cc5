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

            const string prefix = "sha256:";
            ConsoleRole? role = fields.Length < 2 ? null : fields[1].ToLowerInvariant() switch
            {
                "viewer" => ConsoleRole.Viewer,
                "operator" => ConsoleRole.Operator,
                _ => null,
            };
            if (fields.Length != 3 || role is null
                || !fields[2].StartsWith(prefix, StringComparison.Ordinal) || fields[2].Length != prefix.Length + 64 || !fields[2][prefix.Length..].All(char.IsAsciiHexDigit))
            {
                throw new FormatException($"{path}:{number}: expected NAME viewer|operator sha256:<64 hex digits>");
            }

            users.Add(new ConsoleUser(fields[0], role.Value, fields[2][prefix.Length..].ToLowerInvariant()));
        }

        return users;
    }
}
