using Stormline.Registry.Security;

namespace Stormline.Registry.Tests.Security;

/// <summary>The users file: NAME ROLE HASH a line; anything else stops the registry with the line that is wrong.</summary>
public sealed class UsersFileTests
{
    private static readonly string Hash = RegistryPasswordHash.Create("s3cret");

    [Fact]
    public void Reads_users_and_roles_skipping_comments_and_blank_lines()
    {
        var users = RegistryUsersFile.Parse(["# accounts", "", $"ci  write  {Hash}", $"ops\tadmin\t{Hash}  # on call", $"grafana READ-ONLY {Hash}"], "users");

        Assert.Equal([("ci", RegistryRole.Write), ("ops", RegistryRole.Admin), ("grafana", RegistryRole.ReadOnly)], users.Select(u => (u.Name, u.Role)));
        Assert.True(RegistryPasswordHash.Verify("s3cret", users[0].PasswordHash));
        Assert.False(RegistryPasswordHash.Verify("s3cret ", users[0].PasswordHash));
    }

    [Theory]
    [InlineData("ci write", "users:2: expected NAME ROLE PASSWORD-HASH")]
    [InlineData("ci owner HASH", "users:2: unknown role 'owner'")]
    [InlineData("ci write s3cret", "users:2: the password of 'ci' is not a pbkdf2-sha256 hash")]
    [InlineData("ops admin HASH", "users:2: user 'ops' is listed twice")]
    public void Refuses_a_malformed_line_saying_which(string line, string message)
    {
        var ex = Assert.Throws<FormatException>(() => RegistryUsersFile.Parse([$"ops admin {Hash}", line.Replace("HASH", Hash, StringComparison.Ordinal)], "users"));
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void Each_hash_has_its_own_salt()
    {
        Assert.NotEqual(RegistryPasswordHash.Create("same"), RegistryPasswordHash.Create("same"));
        Assert.False(RegistryPasswordHash.Verify("same", "pbkdf2-sha256$1$$"));
    }
}
