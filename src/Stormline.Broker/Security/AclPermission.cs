namespace Stormline.Broker.Security;

/// <summary>Kafka's AclPermissionType, with its wire codes; ANY only appears in filters.</summary>
public enum AclPermission : sbyte
{
    Unknown = 0,
    Any = 1,
    Deny = 2,
    Allow = 3,
}
