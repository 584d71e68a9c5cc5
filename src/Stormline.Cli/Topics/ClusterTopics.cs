using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Clients;
using Stormline.Model.Topics;

namespace Stormline.Cli.Topics;

/// <summary>Reads a cluster's topics and applies a <see cref="TopicDiff"/> to it through the Kafka AdminClient.</summary>
public sealed class ClusterTopics : IDisposable
{
    private readonly IAdminClient _admin;
    private readonly TimeSpan _timeout;

    /// <exception cref="ArgumentException">librdkafka refused a value of <paramref name="clients"/> (see <see cref="RefusedSetting"/>).</exception>
    /// <exception cref="InvalidOperationException">librdkafka knows no setting of that name.</exception>
    public ClusterTopics(string bootstrap, ClientProperties clients, TimeSpan timeout)
    {
        _timeout = timeout;
        var config = clients.ApplyTo(new AdminClientConfig
        {
            BootstrapServers = bootstrap,
            SocketTimeoutMs = (int)timeout.TotalMilliseconds,
        });

        // librdkafka logs every failed connection attempt; an unreachable cluster is reported once, by ReadAsync.
        _admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
    }

    /// <summary>The broker count and every non-internal topic with its partition count and config values.</summary>
    /// <exception cref="KafkaException">The cluster did not answer within the timeout.</exception>
    public async Task<(int Brokers, IReadOnlyList<ObservedTopic> Topics)> ReadAsync()
    {
        var metadata = _admin.GetMetadata(_timeout);
        var names = metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return (metadata.Brokers.Count, []);
        }

        var described = await _admin.DescribeConfigsAsync(
            names.Keys.Select(n => new ConfigResource { Type = ResourceType.Topic, Name = n }),
            new DescribeConfigsOptions { RequestTimeout = _timeout });
        var topics = described
            .Select(r => new ObservedTopic(r.ConfigResource.Name, names[r.ConfigResource.Name],
                r.Entries.Values.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        return (metadata.Brokers.Count, topics);
    }

    /// <summary>Creates, raises partitions and alters configs; deletes unplanned topics only when <paramref name="allowDelete"/>.</summary>
    public async Task ApplyAsync(TopicDiff diff, bool allowDelete)
    {
        if (diff.Create.Count > 0)
        {
            await _admin.CreateTopicsAsync(
                diff.Create.Select(t => new TopicSpecification
                {
                    Name = t.Name,
                    NumPartitions = t.Partitions,
                    ReplicationFactor = t.ReplicationFactor,
                    Configs = t.Config.ToDictionary(c => c.Key, c => c.Value),
                }),
                new CreateTopicsOptions { RequestTimeout = _timeout });
        }

        var raise = diff.Partitions.Where(p => p.CanApply).ToList();
        if (raise.Count > 0)
        {
            await _admin.CreatePartitionsAsync(
                raise.Select(p => new PartitionsSpecification { Topic = p.Topic, IncreaseTo = p.To }),
                new CreatePartitionsOptions { RequestTimeout = _timeout });
        }

        if (diff.Configs.Count > 0)
        {
            // Incremental: only the planned keys are set, other overrides on the topic stay.
            var changes = diff.Configs
                .GroupBy(c => c.Topic, StringComparer.Ordinal)
                .ToDictionary(
                    g => new ConfigResource { Type = ResourceType.Topic, Name = g.Key },
                    g => g.Select(c => new ConfigEntry { Name = c.Key, Value = c.To, IncrementalOperation = AlterConfigOpType.Set }).ToList());
            await _admin.IncrementalAlterConfigsAsync(changes, new IncrementalAlterConfigsOptions { RequestTimeout = _timeout });
        }

        if (allowDelete && diff.Unplanned.Count > 0)
        {
            await _admin.DeleteTopicsAsync(diff.Unplanned, new DeleteTopicsOptions { RequestTimeout = _timeout });
        }
    }

    public void Dispose() => _admin.Dispose();
}
