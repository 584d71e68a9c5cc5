using Xunit;

namespace Stormline.Testing;

/// <summary>
/// One kit shared by a test class (<c>IClassFixture</c>) or a whole assembly (<c>[assembly: AssemblyFixture]</c>).
/// Subclass and override <see cref="Configure"/> for topics or a registry.
/// </summary>
public class StormlineKafkaFixture : IAsyncLifetime
{
    private StormlineKafka? _kafka;

    public StormlineKafka Kafka => _kafka ?? throw new InvalidOperationException("The fixture has not been initialized.");

    public string BootstrapServers => Kafka.BootstrapServers;

    public string? SchemaRegistryUrl => Kafka.SchemaRegistryUrl;

    protected virtual void Configure(StormlineKafkaOptions options)
    {
    }

    public async ValueTask InitializeAsync()
    {
        var options = new StormlineKafkaOptions();
        Configure(options);
        _kafka = await StormlineKafka.StartAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
