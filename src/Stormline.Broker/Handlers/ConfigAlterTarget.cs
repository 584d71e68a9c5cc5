using System.Globalization;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Handlers;

/// <summary>
/// What AlterConfigs and IncrementalAlterConfigs may change: topic configs, and the dynamic broker configs of this
/// node (its id) or of the cluster-wide default (empty name). Another broker's id or a resource type without configs
/// gets INVALID_REQUEST; a name that cannot be a topic gets INVALID_TOPIC_EXCEPTION.
/// </summary>
internal static class ConfigAlterTarget
{
    /// <returns>Null when the change may go ahead for the resource.</returns>
    public static TopicResult? Check(BrokerContext broker, ConfigResourceType type, string name)
    {
        switch (type)
        {
            case ConfigResourceType.Topic:
                return TopicNames.Validate(name) is { } invalid ? new TopicResult(ErrorCode.InvalidTopicException, invalid) : null;
            case ConfigResourceType.Broker:
                if (name.Length > 0 && (!int.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) || id != broker.NodeId))
                {
                    return new TopicResult(ErrorCode.InvalidRequest, $"Unexpected broker id, expected {broker.NodeId} or empty string, but received {name}");
                }

                return null;
            default:
                return new TopicResult(ErrorCode.InvalidRequest, $"Unsupported resource type {(sbyte)type}: only TOPIC (2) and BROKER (4) configs can be altered");
        }
    }

    /// <summary>
    /// Answers every resource of an AlterConfigs or IncrementalAlterConfigs request, in request order: a resource named
    /// twice in the request is refused with INVALID_REQUEST, every other one goes to <paramref name="alter"/>.
    /// </summary>
    public static List<(ConfigResourceType Type, string Name, TopicResult Result)> Results<T>(
        IReadOnlyList<T> resources, Func<T, (ConfigResourceType Type, string Name)> key, Func<T, TopicResult> alter)
    {
        var duplicates = resources.GroupBy(key).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return resources.Select(resource =>
        {
            var (type, name) = key(resource);
            var result = duplicates.Contains((type, name))
                ? new TopicResult(ErrorCode.InvalidRequest, $"Resource {(sbyte)type}/{name} appears more than once in the request")
                : alter(resource);
            return (type, name, result);
        }).ToList();
    }
}
