namespace Stormline.Broker.Security;

/// <summary>Parses the authorizer's broker configs, refusing what Kafka would refuse at start with a clear message.</summary>
internal static class AuthorizerConfig
{
    /// <exception cref="ArgumentException">A class this broker does not implement.</exception>
    public static string? ClassName(string value)
    {
        var name = value.Trim();
        if (name.Length == 0)
        {
            return null;
        }

        return Authorizer.ClassNames.Contains(name)
            ? name
            : throw new ArgumentException($"authorizer.class.name '{name}' is not available; use {string.Join(" or ", Authorizer.ClassNames)}, or leave it empty for no authorizer");
    }

    /// <exception cref="ArgumentException">An entry that is not Type:name.</exception>
    public static IReadOnlySet<string> SuperUsers(string value)
    {
        var users = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return users.FirstOrDefault(u => !KafkaPrincipal.IsValid(u)) is { } bad
            ? throw new ArgumentException($"super.users entry '{bad}' is not a principal; write Type:name entries separated by ';' (User:admin;User:ops)")
            : users.ToHashSet(StringComparer.Ordinal);
    }
}
