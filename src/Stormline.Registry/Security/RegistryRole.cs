namespace Stormline.Registry.Security;

/// <summary>What an authenticated user may do; each role includes the ones before it.</summary>
public enum RegistryRole
{
    /// <summary>Reads, look-ups and compatibility checks: what a consumer's deserializer needs.</summary>
    ReadOnly,

    /// <summary>Also registers schemas and soft-deletes: what a producer with auto-registration needs.</summary>
    Write,

    /// <summary>Also permanent deletes and compatibility/mode changes, which lose history or change the rules for everyone.</summary>
    Admin,
}
