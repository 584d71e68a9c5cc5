using Microsoft.Extensions.Logging;
using Stormline.Broker.Groups;
using Stormline.Broker.Producers;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Server;

/// <summary>Everything a request handler may touch: options, the node's identity, topics, groups, producer ids, notifications.</summary>
internal sealed class BrokerContext
{
    public BrokerContext(BrokerOptions options, string dataDirectory, string advertisedHost, int port, ILoggerFactory loggerFactory)
    {
        Options = options;
        DataDirectory = dataDirectory;
        AdvertisedHost = advertisedHost;
        Port = port;
        LoggerFactory = loggerFactory;
        Topics = new(options, dataDirectory, loggerFactory);
        DynamicConfigs = new(options, dataDirectory, Topics, loggerFactory.CreateLogger<DynamicBrokerConfigs>());
        ProducerIds = new(dataDirectory);
        Groups = new(options, dataDirectory, loggerFactory);
        Authorizer = new(options, dataDirectory);
    }

    public BrokerOptions Options { get; }

    public string DataDirectory { get; }

    public string AdvertisedHost { get; }

    public int Port { get; }

    public int NodeId => Options.NodeId;

    public ILoggerFactory LoggerFactory { get; }

    public TopicManager Topics { get; }

    /// <summary>Broker configs changed at runtime (AlterConfigs on the BROKER resource); applied to the options and topics above at start.</summary>
    public DynamicBrokerConfigs DynamicConfigs { get; }

    public ProducerIdManager ProducerIds { get; }

    /// <summary>Consumer groups and their committed offsets (meta/consumer-offsets.log).</summary>
    public GroupCoordinator Groups { get; }

    /// <summary>ACL checks (allow-all without <c>authorizer.class.name</c>) and the ACLs (meta/acls.json).</summary>
    public Security.Authorizer Authorizer { get; }

    public AppendNotifier Appends { get; } = new();
}
