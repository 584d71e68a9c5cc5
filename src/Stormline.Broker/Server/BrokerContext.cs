using Microsoft.Extensions.Logging;
using Stormline.Broker.Groups;
using Stormline.Broker.Producers;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Server;

/// <summary>Everything a request handler may touch: options, the node's identity, topics, groups, producer ids, notifications.</summary>
internal sealed class BrokerContext(BrokerOptions options, string dataDirectory, string advertisedHost, int port, ILoggerFactory loggerFactory)
{
    public BrokerOptions Options { get; } = options;

    public string DataDirectory { get; } = dataDirectory;

    public string AdvertisedHost { get; } = advertisedHost;

    public int Port { get; } = port;

    public int NodeId => Options.NodeId;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public TopicManager Topics { get; } = new(options, dataDirectory, loggerFactory);

    public ProducerIdManager ProducerIds { get; } = new(dataDirectory);

    /// <summary>Consumer groups and their committed offsets (meta/consumer-offsets.log).</summary>
    public GroupCoordinator Groups { get; } = new(options, dataDirectory, loggerFactory);

    public AppendNotifier Appends { get; } = new();
}
