using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.Kafka;

/// <summary>
/// Creates and deletes topics and changes their configs (IncrementalAlterConfigs, so configs not named keep their
/// values). What the broker refuses comes back as a 4xx problem carrying the broker's own error text.
/// </summary>
internal sealed class TopicAdmin(KafkaClients clients, TopicsReader topics)
{
    public async Task<TopicCreated> CreateAsync(CreateTopicRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw ConsoleProblem.BadRequest("A new topic needs 'name'.");
        }

        var spec = new TopicSpecification
        {
            Name = request.Name,
            NumPartitions = request.Partitions ?? 1,
            ReplicationFactor = request.ReplicationFactor ?? -1, // -1: the broker's default.replication.factor
            Configs = request.Configs?.Where(c => !string.IsNullOrWhiteSpace(c.Key)).ToDictionary(c => c.Key.Trim(), c => c.Value, StringComparer.Ordinal),
        };
        try
        {
            await clients.Admin.CreateTopicsAsync([spec], new CreateTopicsOptions { RequestTimeout = KafkaClients.RequestTimeout });
        }
        catch (CreateTopicsException ex)
        {
            throw Refused($"Topic '{request.Name}' was not created", ex.Results.Select(r => r.Error).First(e => e.IsError));
        }

        return new TopicCreated(spec.Name, spec.NumPartitions, spec.ReplicationFactor, spec.Configs ?? []);
    }

    public async Task DeleteAsync(string topic)
    {
        topics.Find(topic);
        if (topic.StartsWith("__", StringComparison.Ordinal))
        {
            throw ConsoleProblem.BadRequest($"'{topic}' is internal (its name starts with __); Kafka and Stormline keep their own state there.");
        }

        try
        {
            await clients.Admin.DeleteTopicsAsync([topic], new DeleteTopicsOptions { RequestTimeout = KafkaClients.RequestTimeout });
        }
        catch (DeleteTopicsException ex)
        {
            throw Refused($"Topic '{topic}' was not deleted", ex.Results.Select(r => r.Error).First(e => e.IsError));
        }
    }

    /// <summary>Sets or deletes (back to the default) each named config; the broker applies all of them or none.</summary>
    public async Task<IReadOnlyList<ConfigChange>> AlterConfigsAsync(string topic, AlterConfigsRequest request)
    {
        topics.Find(topic);
        var changes = request.Changes ?? [];
        if (changes.Count == 0)
        {
            throw ConsoleProblem.BadRequest("Name at least one config in 'changes': [{\"name\":\"retention.ms\",\"value\":\"3600000\"}], or \"op\":\"delete\" to return one to its default.");
        }

        var entries = changes.Select(c => new ConfigEntry
        {
            Name = string.IsNullOrWhiteSpace(c.Name) ? throw ConsoleProblem.BadRequest("Every change needs 'name'.") : c.Name.Trim(),
            Value = c.Value,
            IncrementalOperation = (c.Op ?? "set").ToLowerInvariant() switch
            {
                "set" => c.Value is not null ? AlterConfigOpType.Set : throw ConsoleProblem.BadRequest($"Setting '{c.Name}' needs 'value'."),
                "delete" => AlterConfigOpType.Delete,
                "append" => AlterConfigOpType.Append,
                "subtract" => AlterConfigOpType.Subtract,
                _ => throw ConsoleProblem.BadRequest($"'op' is set, delete, append or subtract (got '{c.Op}')."),
            },
        }).ToList();
        try
        {
            await clients.Admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = entries,
            }, new IncrementalAlterConfigsOptions { RequestTimeout = KafkaClients.RequestTimeout });
        }
        catch (IncrementalAlterConfigsException ex)
        {
            throw Refused($"The configs of '{topic}' were not changed", ex.Results.Select(r => r.Error).First(e => e.IsError));
        }

        return entries.Select(e => new ConfigChange(e.Name, e.Value, e.IncrementalOperation.ToString().ToLowerInvariant())).ToList();
    }

    /// <summary>An exists-already is a conflict, anything else the broker refuses a bad request; both keep the broker's words.</summary>
    private static ConsoleProblem Refused(string what, Error error)
    {
        var detail = $"{what}: {error.Code} — {error.Reason}";
        return error.Code switch
        {
            ErrorCode.TopicAlreadyExists => ConsoleProblem.Conflict(detail),
            ErrorCode.UnknownTopicOrPart => ConsoleProblem.NotFound(detail),
            ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed or ErrorCode.TopicDeletionDisabled => new ConsoleProblem(403, "Refused by the broker", detail),
            _ => ConsoleProblem.BadRequest(detail),
        };
    }
}

internal sealed record CreateTopicRequest(string? Name, int? Partitions, short? ReplicationFactor, Dictionary<string, string>? Configs);

internal sealed record TopicCreated(string Name, int Partitions, short ReplicationFactor, Dictionary<string, string> Configs);

/// <summary>One config change; <see cref="Op"/> is set (the default), delete, append or subtract.</summary>
internal sealed record ConfigChange(string? Name, string? Value, string? Op);

internal sealed record AlterConfigsRequest(IReadOnlyList<ConfigChange>? Changes);
