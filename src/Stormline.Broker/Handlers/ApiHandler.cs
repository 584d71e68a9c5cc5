using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Serves one Kafka API key. Each subclass states the version range it implements (advertised in ApiVersions
/// exactly as stated), reads the request body and writes the response body. Protocol errors are response values;
/// only a frame that cannot be decoded throws (<see cref="ProtocolException"/>), which closes that connection.
/// </summary>
internal abstract class ApiHandler(BrokerContext broker)
{
    protected BrokerContext Broker { get; } = broker;

    public abstract ApiKey Key { get; }

    public abstract short MinVersion { get; }

    public abstract short MaxVersion { get; }

    /// <summary>First version that uses the flexible (compact, tagged) encoding; beyond <see cref="MaxVersion"/> if none.</summary>
    public virtual short FirstFlexibleVersion => short.MaxValue;

    public bool IsFlexible(short version) => version >= FirstFlexibleVersion;

    /// <summary>Handles one request; returns false when Kafka sends no response (Produce with acks=0).</summary>
    public abstract ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken);
}
