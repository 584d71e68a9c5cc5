using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Topics;

/// <summary>
/// IncrementalAlterConfigs semantics on a topic's overrides, as Kafka's controller applies them: operations run in
/// request order on a copy; SET replaces, DELETE removes the override (the default applies again), APPEND adds list
/// items that are not there yet and SUBTRACT removes items, both starting from the effective value (override or
/// default). Only list configs take APPEND/SUBTRACT. The resulting values are validated by
/// <see cref="TopicManager.UpdateConfigs"/>, which applies all of them or none. The same operations apply to the
/// dynamic broker configs (topicNames false), whose names <c>DynamicBrokerConfigs</c> checks; none of
/// them is a list.
/// </summary>
public static class IncrementalConfigs
{
    public static (TopicResult Result, Dictionary<string, string>? Overrides) Apply(
        IReadOnlyDictionary<string, string> current, IReadOnlyList<ConfigChange> changes, BrokerOptions broker, bool topicNames = true)
    {
        if (Check(changes, topicNames) is { } invalid)
        {
            return (invalid, null);
        }

        var overrides = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            switch (change.Operation)
            {
                case ConfigOperation.Set:
                    overrides[change.Name] = change.Value!;
                    break;
                case ConfigOperation.Delete:
                    overrides.Remove(change.Name);
                    break;
                default:
                    var effective = overrides.TryGetValue(change.Name, out var value) ? value : TopicConfig.DefaultValue(change.Name, broker);
                    var items = effective.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
                    foreach (var item in change.Value!.Split(','))
                    {
                        if (change.Operation == ConfigOperation.Append && !items.Contains(item))
                        {
                            items.Add(item);
                        }
                        else if (change.Operation == ConfigOperation.Subtract)
                        {
                            items.Remove(item);
                        }
                    }

                    overrides[change.Name] = string.Join(',', items);
                    break;
            }
        }

        return (TopicResult.Ok, overrides);
    }

    /// <summary>The checks that need no current state: names, operations and values of the request itself.</summary>
    public static TopicResult? Check(IReadOnlyList<ConfigChange> changes, bool topicNames = true)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (!seen.Add(change.Name))
            {
                return new TopicResult(ErrorCode.InvalidRequest, $"Error due to duplicate config keys: '{change.Name}' appears more than once");
            }

            if (!Enum.IsDefined(change.Operation))
            {
                return new TopicResult(ErrorCode.InvalidRequest, $"Unknown config operation type {(sbyte)change.Operation} for '{change.Name}' (0 SET, 1 DELETE, 2 APPEND, 3 SUBTRACT)");
            }

            if (topicNames && !TopicConfig.Names.Contains(change.Name))
            {
                return new TopicResult(ErrorCode.InvalidConfig, $"Unknown topic config name: {change.Name}");
            }

            if (change.Operation != ConfigOperation.Delete && change.Value is null)
            {
                return new TopicResult(ErrorCode.InvalidRequest, $"Null value not supported for: {change.Name}");
            }

            if (change.Operation is ConfigOperation.Append or ConfigOperation.Subtract && !TopicConfig.IsList(change.Name))
            {
                return new TopicResult(ErrorCode.InvalidConfig, $"Can't {change.Operation.ToString().ToUpperInvariant()} to key {change.Name} because its type is not LIST.");
            }
        }

        return null;
    }
}
