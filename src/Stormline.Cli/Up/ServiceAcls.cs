using Confluent.Kafka.Admin;
using Stormline.Model.Elements;
using Stormline.Model.Generation;

namespace Stormline.Cli.Up;

/// <summary>
/// The least a service needs on the broker under <c>up --secure</c>, from the model: WRITE on its context's topic,
/// READ on the topics of the contexts it consumes and WRITE on their dead-letter topics (a consumer parks what it
/// cannot handle there), READ on its consumer groups (one prefix), and IDEMPOTENT_WRITE on the cluster for its
/// idempotent outbox producer. Everything else — another context's topic, another service's groups — is refused.
/// </summary>
public static class ServiceAcls
{
    public static IReadOnlyList<AclBinding> For(ShopService service, EventModel model)
    {
        var principal = "User:" + service.Key;
        var bindings = new List<AclBinding>();
        foreach (var operation in new[] { AclOperation.Write, AclOperation.Describe })
        {
            bindings.Add(Allow(principal, ResourceType.Topic, TopicOf(model, service.Context), ResourcePatternType.Literal, operation));
        }

        foreach (var consumed in service.Consumes ?? [])
        {
            var topic = TopicOf(model, consumed);
            bindings.Add(Allow(principal, ResourceType.Topic, topic, ResourcePatternType.Literal, AclOperation.Read));
            bindings.Add(Allow(principal, ResourceType.Topic, topic, ResourcePatternType.Literal, AclOperation.Describe));
            bindings.Add(Allow(principal, ResourceType.Topic, Naming.DeadLetterTopic(topic), ResourcePatternType.Literal, AclOperation.Write));
            bindings.Add(Allow(principal, ResourceType.Topic, Naming.DeadLetterTopic(topic), ResourcePatternType.Literal, AclOperation.Describe));
        }

        bindings.Add(Allow(principal, ResourceType.Group, service.GroupPrefix, ResourcePatternType.Prefixed, AclOperation.Read));
        bindings.Add(Allow(principal, ResourceType.Broker, "kafka-cluster", ResourcePatternType.Literal, AclOperation.IdempotentWrite));
        return bindings;
    }

    private static string TopicOf(EventModel model, string context) =>
        model.Contexts.FirstOrDefault(c => c.Name == context)?.TopicName
        ?? throw new UpException($"the shop model has no context '{context}'; the services' definitions (ShopService.Defaults) name it");

    private static AclBinding Allow(string principal, ResourceType type, string name, ResourcePatternType pattern, AclOperation operation) => new()
    {
        Pattern = new ResourcePattern { Type = type, Name = name, ResourcePatternType = pattern },
        Entry = new AccessControlEntry { Principal = principal, Host = "*", Operation = operation, PermissionType = AclPermissionType.Allow },
    };
}
