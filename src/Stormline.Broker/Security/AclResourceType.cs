namespace Stormline.Broker.Security;

/// <summary>Kafka's ResourceType, with its wire codes; ANY only appears in filters.</summary>
public enum AclResourceType : sbyte
{
    Unknown = 0,
    Any = 1,
    Topic = 2,
    Group = 3,
    Cluster = 4,
    TransactionalId = 5,
    DelegationToken = 6,
    User = 7,
}
