namespace Stormline.Broker.Security;

/// <summary>Principals as Kafka writes them, <c>Type:name</c>; a connection nobody authenticated is <see cref="Anonymous"/>.</summary>
public static class KafkaPrincipal
{
    public const string Anonymous = "User:ANONYMOUS";

    /// <summary>In an ACL, the principal that matches every user.</summary>
    public const string Wildcard = "User:*";

    /// <summary>Kafka's SecurityUtils.parseKafkaPrincipal: a non-empty type, a colon, a non-empty name.</summary>
    public static bool IsValid(string? principal)
    {
        var colon = principal?.IndexOf(':') ?? -1;
        return colon > 0 && colon < principal!.Length - 1;
    }
}
