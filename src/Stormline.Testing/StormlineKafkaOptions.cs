using Microsoft.Extensions.Logging;
using Stormline.Clients;

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

    /// <summary>
    /// librdkafka settings for every client of the kit (security.protocol, sasl.*, ssl.*, …) and the registry's credentials
    /// (schema.registry.basic.auth.user.info, …): what an external, secured cluster needs. With <see cref="UseEnvironment"/>
    /// the file named by <c>STORMLINE_TEST_CLIENT_PROPERTIES</c> and <c>Kafka__Client__NAME</c> variables are added over these.
    /// </summary>
    public ClientProperties ClientProperties { get; set; } = new();

    /// <summary>
    /// Read <c>STORMLINE_TEST_BOOTSTRAP</c> / <c>STORMLINE_TEST_REGISTRY</c> and use that cluster instead of an embedded one,
    /// with the client settings of <c>STORMLINE_TEST_CLIENT_PROPERTIES</c> and <c>Kafka__Client__NAME</c>.
    /// </summary>
    public bool UseEnvironment { get; set; } = true;
}
