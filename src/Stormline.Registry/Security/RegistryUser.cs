namespace Stormline.Registry.Security;

/// <summary>One account of the registry; <paramref name="PasswordHash"/> comes from <see cref="RegistryPasswordHash.Create"/>.</summary>
public sealed record RegistryUser(string Name, RegistryRole Role, string PasswordHash);
