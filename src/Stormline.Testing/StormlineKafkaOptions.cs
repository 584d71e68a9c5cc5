using Microsoft.Extensions.Logging;

namespace Stormline.Testing;

/// <summary>What <see cref="StormlineKafka.StartAsync"/> starts.</summary>
public sealed class StormlineKafkaOptions
{
    /// <summary>Also start a schema registry; off by default because most tests need only Kafka.</summary>
    public bool WithSchemaRegistry { get; set; }

    /// <summary>Topics created up front, so tests never race auto-creation.</summary>
    public IList<TopicSpec> Topics { get; } = new List<TopicSpec>();

    /// <summary>Receives the broker's and registry's log; none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Read <c>STORMLINE_TEST_BOOTSTRAP</c> / <c>STORMLINE_TEST_REGISTRY</c> and use that cluster instead of an embedded one.</summary>
    public bool UseEnvironment { get; set; } = true;
}
