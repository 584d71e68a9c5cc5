namespace Stormline.Registry.Security;

/// <summary>The role names used in users files and messages: <c>read-only</c>, <c>write</c>, <c>admin</c>.</summary>
public static class RegistryRoles
{
    public static string Name(RegistryRole role) => role switch
    {
        RegistryRole.ReadOnly => "read-only",
        RegistryRole.Write => "write",
        _ => "admin",
    };

    public static bool TryParse(string name, out RegistryRole role)
    {
        foreach (var candidate in Enum.GetValues<RegistryRole>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
