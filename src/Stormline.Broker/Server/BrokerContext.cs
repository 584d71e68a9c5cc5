using Microsoft.Extensions.Logging;
using Stormline.Broker.Groups;
using Stormline.Broker.Producers;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Server;

/// <summary>Everything a request handler may touch: options, the node's identity, topics, groups, producer ids, notifications.</summary>
internal sealed class BrokerContext
{
    public BrokerContext(BrokerOptions options, string dataDirectory, IReadOnlyList<BoundListener> listeners, ILoggerFactory loggerFactory)
    {
        Options = options;
        DataDirectory = dataDirectory;
        Listeners = listeners;
        LoggerFactory = loggerFactory;
        Topics = new(options, dataDirectory, loggerFactory);
        DynamicConfigs = new(options, dataDirectory, Topics, loggerFactory.CreateLogger<DynamicBrokerConfigs>());
        ProducerIds = new(dataDirectory);
        Groups = new(options, dataDirectory, loggerFactory);
        ScramCredentials = new(dataDirectory);
        Authorizer = new(options, dataDirectory);
        Transactions = new(options, dataDirectory, Topics, Groups, ProducerIds, loggerFactory);
    }

    public BrokerOptions Options { get; }

    public string DataDirectory { get; }

    /// <summary>Every listener, in the order of the listeners config; the first is the default one.</summary>
    public IReadOnlyList<BoundListener> Listeners { get; }

    /// <summary>The first listener's advertised host; a handler answering a client uses its own listener's instead.</summary>
    public string AdvertisedHost => Listeners[0].AdvertisedHost;

    /// <summary>The first listener's bound port.</summary>
    public int Port => Listeners[0].Port;

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

    /// <summary>Transactional ids, their producers and open transactions (meta/transaction-state).</summary>
    public Txn.TransactionCoordinator Transactions { get; }

    public AppendNotifier Appends { get; } = new();

    /// <summary>SCRAM users (meta/scram-credentials.json), managed with AlterUserScramCredentials; shared by every SASL listener.</summary>
    public Security.ScramCredentialStore ScramCredentials { get; }
}
