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
        Transactions = new(options, dataDirectory, Topics, Groups, ProducerIds, loggerFactory);
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

    /// <summary>Transactional ids, their producers and open transactions (meta/transaction-state).</summary>
    public Txn.TransactionCoordinator Transactions { get; }

    public AppendNotifier Appends { get; } = new();
}
