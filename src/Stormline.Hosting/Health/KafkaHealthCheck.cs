using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Stormline.Hosting.Messaging;

namespace Stormline.Hosting.Health;

/// <summary>Ready only when a broker answers a metadata request within a few seconds.</summary>
internal sealed class KafkaHealthCheck(IOptions<KafkaOptions> options) : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin = new(() =>
    {
        var config = new AdminClientConfig { BootstrapServers = options.Value.BootstrapServers, SocketTimeoutMs = 3000 };
        // The service's Kafka:Client settings (security.protocol, sasl.*, ssl.*), as its producer and consumers get them.
        options.Value.Apply(config);
        return new AdminClientBuilder(config).Build();
    });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = options.Value.BootstrapServers;
        try
        {
            // GetMetadata blocks; a thread-pool thread waits for it rather than the request's.
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(TimeSpan.FromSeconds(3)), cancellationToken);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"Kafka at {servers}: {metadata.Brokers.Count} broker(s)")
                : HealthCheckResult.Unhealthy($"Kafka at {servers} reported no brokers");
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy($"Kafka at {servers} is unreachable: {e.Error.Reason}", e);
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
