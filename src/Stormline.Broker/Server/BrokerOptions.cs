using System.Globalization;

namespace Stormline.Broker.Server;

/// <summary>
/// Settings of the embedded broker. Every setting also has its Kafka broker config name (server.properties),
/// so <see cref="Set"/> takes what an operator already knows: <c>num.partitions=4</c>, <c>log.retention.ms=…</c>.
/// </summary>
public sealed class BrokerOptions
{
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 lets the OS pick a free port (tests); the chosen one is in <see cref="KafkaBroker.Port"/>.</summary>
    public int Port { get; set; } = 9092;

    /// <summary>The host clients are told to connect to; defaults to <see cref="Host"/> (or 127.0.0.1 for a wildcard bind).</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>
    /// Kafka's <c>listeners</c>: several named listeners (<c>PLAINTEXT://127.0.0.1:9092,SASL_SSL://:9094</c>). Null: one
    /// PLAINTEXT listener on <see cref="Host"/>:<see cref="Port"/>. Port 0 picks a free port.
    /// </summary>
    public string? Listeners { get; set; }

    /// <summary>Kafka's <c>advertised.listeners</c>: per listener name, the address given to its clients; port 0 means the bound port.</summary>
    public string? AdvertisedListeners { get; set; }

    /// <summary>Kafka's <c>listener.security.protocol.map</c> (<c>INTERNAL:SASL_PLAINTEXT,…</c>); null: each protocol names itself.</summary>
    public string? ListenerSecurityProtocolMap { get; set; }

    /// <summary>Kafka's <c>inter.broker.listener.name</c>: accepted and checked against <see cref="Listeners"/>; a single node never uses it.</summary>
    public string? InterBrokerListenerName { get; set; }

    /// <summary>
    /// SSL and SASL settings by their Kafka names (<c>ssl.keystore.location</c>, <c>sasl.enabled.mechanisms</c>,
    /// <c>listener.name.sasl_ssl.plain.sasl.jaas.config</c>, …); see <see cref="Security.SecurityConfigNames"/>.
    /// </summary>
    public Dictionary<string, string> SecurityConfigs { get; } = new(StringComparer.Ordinal);

    /// <summary>Kafka's connections.max.reauth.ms: an authenticated SASL session's lifetime (KIP-368); 0: no limit.</summary>
    public long ConnectionsMaxReauthMs { get; set; }

    /// <summary>Where logs, offsets and topic metadata live. Null means a temporary folder removed on dispose.</summary>
    public string? DataDirectory { get; set; }

    public int NodeId { get; set; } = 1;

    public string ClusterId { get; set; } = "stormline-cluster";

    public bool AutoCreateTopics { get; set; } = true;

    public int DefaultPartitions { get; set; } = 1;

    public short DefaultReplicationFactor { get; set; } = 1;

    public long SegmentBytes { get; set; } = 1L << 30;

    public long SegmentMs { get; set; } = 7L * 24 * 60 * 60 * 1000;

    public long RetentionMs { get; set; } = 7L * 24 * 60 * 60 * 1000;

    public long RetentionBytes { get; set; } = -1;

    public long FlushIntervalMessages { get; set; } = long.MaxValue;

    public long FlushIntervalMs { get; set; } = long.MaxValue;

    public int MessageMaxBytes { get; set; } = 1_048_588;

    /// <summary>Largest request frame accepted (Kafka's socket.request.max.bytes); a larger one closes the connection.</summary>
    public int SocketRequestMaxBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>Most bytes one Fetch response carries, whatever the client asks (Kafka's fetch.max.bytes, 55 MiB).</summary>
    public int FetchMaxBytes { get; set; } = 55 * 1024 * 1024;

    /// <summary>A connection with no socket activity for this long is closed, even mid-request (Kafka's connections.max.idle.ms); negative: never.</summary>
    public long ConnectionsMaxIdleMs { get; set; } = 10 * 60 * 1000;

    /// <summary>Kafka's max.connections.per.ip: a connection from an address that already has this many is closed right after accept.</summary>
    public int MaxConnectionsPerIp { get; set; } = int.MaxValue;

    /// <summary>
    /// Kafka's max.connections.per.ip.overrides: "host:count,..." (a host name is resolved when set); each address's own
    /// cap instead of <see cref="MaxConnectionsPerIp"/>.
    /// </summary>
    public string MaxConnectionsPerIpOverrides
    {
        get;
        set
        {
            ConnectionCapsByAddress = ParseConnectionOverrides(value);
            field = value;
        }
    } = string.Empty;

    /// <summary>Kafka's max.connections: while this many are open, the broker accepts no more (new clients wait in the listen backlog).</summary>
    public int MaxConnections { get; set; } = int.MaxValue;

    /// <summary>
    /// Kafka's queued.max.request.bytes: most bytes of requests read and not yet answered, across all connections;
    /// at the cap the broker reads no further requests until responses free memory. -1 (or 0): no cap.
    /// </summary>
    public long QueuedMaxRequestBytes { get; set; } = -1;

    /// <summary><see cref="MaxConnectionsPerIpOverrides"/> parsed; replaced as a whole, so readers need no lock.</summary>
    internal IReadOnlyDictionary<System.Net.IPAddress, int> ConnectionCapsByAddress { get; private set; } = new Dictionary<System.Net.IPAddress, int>();

    /// <summary>
    /// Most partitions this broker holds (a Stormline limit, not a Kafka config). Each partition keeps files open,
    /// so without it one CreateTopics with a huge partition count exhausts file descriptors and the broker stops
    /// accepting connections. Creations beyond it fail with POLICY_VIOLATION.
    /// </summary>
    public int MaxPartitions { get; set; } = 10_000;

    /// <summary>Kafka's default is 3000 ms; a development broker answers the first join at once.</summary>
    public int GroupInitialRebalanceDelayMs { get; set; }

    public int GroupMinSessionTimeoutMs { get; set; } = 6_000;

    public int GroupMaxSessionTimeoutMs { get; set; } = 30 * 60 * 1000;

    /// <summary>How often offsets are expired and groups that are empty and hold no committed offsets removed (Kafka's default: 10 minutes).</summary>
    public long OffsetsRetentionCheckIntervalMs { get; set; } = 10 * 60 * 1000;

    /// <summary>
    /// How long committed offsets outlive their use (Kafka's offsets.retention.minutes, 7 days): a group's offsets this
    /// long after it became empty; a group that never had members (it only stores offsets), each offset this long after
    /// its commit. In milliseconds so tests can use less than a minute.
    /// </summary>
    public long OffsetsRetentionMs { get; set; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>How often retention and the flush.ms policy are checked (log.retention.check.interval.ms).</summary>
    public long RetentionCheckIntervalMs { get; set; } = 5 * 60 * 1000;

    /// <summary>The broker default of cleanup.policy (log.cleanup.policy): "delete", "compact" or "compact,delete".</summary>
    public string LogCleanupPolicy { get; set; } = "delete";

    /// <summary>Whether the log cleaner runs and compacts partitions whose cleanup.policy holds "compact" (log.cleaner.enable).</summary>
    public bool LogCleanerEnable { get; set; } = true;

    /// <summary>How long the log cleaner sleeps when no partition needs cleaning (log.cleaner.backoff.ms).</summary>
    public long LogCleanerBackoffMs { get; set; } = 15_000;

    /// <summary>Broker default of min.cleanable.dirty.ratio (log.cleaner.min.cleanable.ratio).</summary>
    public double LogCleanerMinCleanableRatio { get; set; } = 0.5;

    /// <summary>Broker default of delete.retention.ms (log.cleaner.delete.retention.ms), one day.</summary>
    public long LogCleanerDeleteRetentionMs { get; set; } = 24L * 60 * 60 * 1000;

    /// <summary>Broker default of min.compaction.lag.ms (log.cleaner.min.compaction.lag.ms).</summary>
    public long LogCleanerMinCompactionLagMs { get; set; }

    /// <summary><c>authorizer.class.name</c>: Kafka's StandardAuthorizer (or AclAuthorizer) switches ACLs on; null or empty: no authorizer.</summary>
    public string? AuthorizerClassName { get; set; }

    /// <summary><c>super.users</c>: principals (<c>User:admin</c>) that every ACL check allows.</summary>
    public IReadOnlySet<string> SuperUsers { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>allow.everyone.if.no.acl.found</c>: allow an operation on a resource no ACL covers.</summary>
    public bool AllowEveryoneIfNoAclFound { get; set; }

    /// <summary>
    /// Tests only, never configuration: the principal of a request from its client.id (null: the connection's own),
    /// until the SASL listeners authenticate principals.
    /// </summary>
    internal Func<string, string?>? TestPrincipalByClientId { get; init; }

    /// <summary>Largest transaction.timeout.ms a transactional producer may ask for (transaction.max.timeout.ms, 15 minutes).</summary>
    public int TransactionMaxTimeoutMs { get; set; } = 15 * 60 * 1000;

    /// <summary>How often transactions open longer than their timeout are aborted (transaction.abort.timed.out.transaction.cleanup.interval.ms).</summary>
    public long TransactionAbortTimedOutTransactionCleanupIntervalMs { get; set; } = 10_000;

    /// <summary>
    /// How long a transactional id may stay idle (no transaction open, no InitProducerId) before the coordinator forgets
    /// it (transactional.id.expiration.ms, 7 days); a later InitProducerId with it starts over with a new producer id.
    /// </summary>
    public long TransactionalIdExpirationMs { get; set; } = 7L * 24 * 60 * 60 * 1000;

    /// <summary>How often idle transactional ids are looked for (transaction.remove.expired.transaction.cleanup.interval.ms, 1 hour).</summary>
    public long TransactionRemoveExpiredTransactionCleanupIntervalMs { get; set; } = 60 * 60 * 1000;

    /// <summary>The fsync calls of every partition log; tests put a failing disk here. Null: the real file system.</summary>
    internal Log.LogFileSystem? LogFileSystem { get; init; }

    /// <summary>The Kafka broker config names this broker understands, with a short description.</summary>
    public static IReadOnlyDictionary<string, string> KafkaConfigNames { get; } = new Dictionary<string, string>
    {
        ["listeners"] = "named listeners to bind (PLAINTEXT://127.0.0.1:9092,SASL_SSL://127.0.0.1:9094)",
        ["advertised.listeners"] = "per listener, the host:port given to its clients",
        ["listener.security.protocol.map"] = "listener name to PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (INTERNAL:SASL_PLAINTEXT)",
        ["inter.broker.listener.name"] = "accepted for compatibility; must name a listener",
        ["connections.max.reauth.ms"] = "lifetime of an authenticated SASL session before the client re-authenticates (0: no limit)",
        ["log.dirs"] = "data directory",
        ["log.dir"] = "data directory",
        ["node.id"] = "this broker's node id",
        ["broker.id"] = "this broker's node id",
        ["auto.create.topics.enable"] = "create unknown topics on metadata and produce requests",
        ["authorizer.class.name"] = "org.apache.kafka.metadata.authorizer.StandardAuthorizer switches ACLs on (empty: no authorizer)",
        ["super.users"] = "principals allowed everything, ';'-separated (User:admin;User:ops)",
        ["allow.everyone.if.no.acl.found"] = "allow an operation on a resource that no ACL covers",
        ["num.partitions"] = "partitions of an auto-created topic",
        ["default.replication.factor"] = "accepted for compatibility; a single node keeps one replica",
        ["log.segment.bytes"] = "roll a segment at this size",
        ["log.roll.ms"] = "roll a segment at this age",
        ["log.roll.hours"] = "roll a segment at this age",
        ["log.retention.ms"] = "delete segments older than this (-1: keep)",
        ["log.retention.minutes"] = "delete segments older than this",
        ["log.retention.hours"] = "delete segments older than this",
        ["log.retention.bytes"] = "keep at most this many bytes per partition (-1: no limit)",
        ["log.retention.check.interval.ms"] = "how often retention runs",
        ["log.cleanup.policy"] = "default cleanup.policy of a topic: delete, compact or compact,delete",
        ["log.cleaner.enable"] = "run the log cleaner that compacts topics with cleanup.policy=compact",
        ["log.cleaner.backoff.ms"] = "how long the log cleaner sleeps when no partition needs cleaning",
        ["log.cleaner.min.cleanable.ratio"] = "default min.cleanable.dirty.ratio: uncleaned share of a log that triggers cleaning",
        ["log.cleaner.delete.retention.ms"] = "default delete.retention.ms: how long tombstones stay after their segment was cleaned",
        ["log.cleaner.min.compaction.lag.ms"] = "default min.compaction.lag.ms: how long a record stays uncompacted",
        ["log.flush.interval.messages"] = "fsync after this many messages",
        ["log.flush.interval.ms"] = "fsync when unflushed data is this old",
        ["transaction.max.timeout.ms"] = "largest transaction.timeout.ms a producer may ask for",
        ["transaction.abort.timed.out.transaction.cleanup.interval.ms"] = "how often transactions open longer than their timeout are aborted",
        ["transactional.id.expiration.ms"] = "forget a transactional id idle (no transaction, no InitProducerId) this long",
        ["transaction.remove.expired.transaction.cleanup.interval.ms"] = "how often idle transactional ids are looked for",
        ["message.max.bytes"] = "largest record batch accepted",
        ["socket.request.max.bytes"] = "largest request accepted",
        ["fetch.max.bytes"] = "most bytes one fetch response carries",
        ["connections.max.idle.ms"] = "close connections without socket activity for this long (-1: never)",
        ["max.connections.per.ip"] = "close a new connection from an address that already has this many (dynamic)",
        ["max.connections.per.ip.overrides"] = "per host or address, its own max.connections.per.ip: host:count,... (dynamic)",
        ["max.connections"] = "accept no more connections while this many are open; new ones wait (dynamic)",
        ["queued.max.request.bytes"] = "stop reading requests while this many bytes of them are unanswered (-1: no cap)",
        ["group.initial.rebalance.delay.ms"] = "wait for more members before the first rebalance",
        ["group.min.session.timeout.ms"] = "smallest session timeout a consumer may ask for",
        ["group.max.session.timeout.ms"] = "largest session timeout a consumer may ask for",
        ["offsets.retention.check.interval.ms"] = "how often committed offsets are expired and empty groups without them removed",
        ["offsets.retention.minutes"] = "keep a group's committed offsets this long after it became empty",
    };

    /// <summary>Applies one Kafka broker config; throws <see cref="ArgumentException"/> with a helpful message otherwise.</summary>
    public void Set(string name, string value)
    {
        switch (name)
        {
            case "listeners":
                // Host and Port follow the first listener, for code that knows one address only.
                (Host, Port) = ParseListener(value);
                Listeners = value;
                break;
            case "advertised.listeners": ParseListener(value); AdvertisedListeners = value; break;
            case "listener.security.protocol.map": ListenerSpec.ParseProtocolMap(value); ListenerSecurityProtocolMap = value; break;
            case "inter.broker.listener.name": InterBrokerListenerName = value; break;
            case "connections.max.reauth.ms": ConnectionsMaxReauthMs = Math.Max(0, Long(name, value)); break;
            case not null when Security.SecurityConfigNames.IsKnown(name): SecurityConfigs[name] = Security.SecurityConfigNames.Checked(name, value); break;
            case "log.dirs" or "log.dir": DataDirectory = value.Split(',')[0]; break;
            case "node.id" or "broker.id": NodeId = Int(name, value); break;
            case "auto.create.topics.enable": AutoCreateTopics = Bool(name, value); break;
            case "authorizer.class.name": AuthorizerClassName = Security.AuthorizerConfig.ClassName(value); break;
            case "super.users": SuperUsers = Security.AuthorizerConfig.SuperUsers(value); break;
            case "allow.everyone.if.no.acl.found": AllowEveryoneIfNoAclFound = Bool(name, value); break;
            case "num.partitions": DefaultPartitions = Math.Max(1, Int(name, value)); break;
            case "default.replication.factor": DefaultReplicationFactor = (short)Int(name, value); break;
            case "log.segment.bytes": SegmentBytes = Long(name, value); break;
            case "log.roll.ms": SegmentMs = Long(name, value); break;
            case "log.roll.hours": SegmentMs = Long(name, value) * 3_600_000; break;
            case "log.retention.ms": RetentionMs = Long(name, value); break;
            case "log.retention.minutes": RetentionMs = Long(name, value) * 60_000; break;
            case "log.retention.hours": RetentionMs = Long(name, value) * 3_600_000; break;
            case "log.retention.bytes": RetentionBytes = Long(name, value); break;
            case "log.retention.check.interval.ms": RetentionCheckIntervalMs = Long(name, value); break;
            case "log.cleanup.policy": LogCleanupPolicy = Checked(Topics.TopicConfig.CleanupPolicy, name, value); break;
            case "log.cleaner.enable": LogCleanerEnable = Bool(name, value); break;
            case "log.cleaner.backoff.ms": LogCleanerBackoffMs = Math.Max(0, Long(name, value)); break;
            case "log.cleaner.min.cleanable.ratio":
                LogCleanerMinCleanableRatio = double.Parse(Checked(Topics.TopicConfig.MinCleanableDirtyRatio, name, value), CultureInfo.InvariantCulture);
                break;
            case "log.cleaner.delete.retention.ms": LogCleanerDeleteRetentionMs = long.Parse(Checked(Topics.TopicConfig.DeleteRetentionMs, name, value), CultureInfo.InvariantCulture); break;
            case "log.cleaner.min.compaction.lag.ms": LogCleanerMinCompactionLagMs = long.Parse(Checked(Topics.TopicConfig.MinCompactionLagMs, name, value), CultureInfo.InvariantCulture); break;
            case "log.flush.interval.messages": FlushIntervalMessages = Long(name, value); break;
            case "log.flush.interval.ms": FlushIntervalMs = Long(name, value); break;
            case "transaction.max.timeout.ms": TransactionMaxTimeoutMs = Math.Max(1, Int(name, value)); break;
            case "transaction.abort.timed.out.transaction.cleanup.interval.ms": TransactionAbortTimedOutTransactionCleanupIntervalMs = Math.Max(1, Long(name, value)); break;
            case "transactional.id.expiration.ms": TransactionalIdExpirationMs = Math.Max(1, Int(name, value)); break;
            case "transaction.remove.expired.transaction.cleanup.interval.ms": TransactionRemoveExpiredTransactionCleanupIntervalMs = Math.Max(1, Long(name, value)); break;
            case "message.max.bytes": MessageMaxBytes = Int(name, value); break;
            case "socket.request.max.bytes": SocketRequestMaxBytes = Int(name, value); break;
            case "fetch.max.bytes": FetchMaxBytes = Int(name, value); break;
            case "connections.max.idle.ms": ConnectionsMaxIdleMs = Long(name, value); break;
            case "max.connections.per.ip": MaxConnectionsPerIp = NonNegative(name, value); break;
            case "max.connections.per.ip.overrides": MaxConnectionsPerIpOverrides = value; break;
            case "max.connections": MaxConnections = NonNegative(name, value); break;
            case "queued.max.request.bytes": QueuedMaxRequestBytes = Long(name, value); break;
            case "group.initial.rebalance.delay.ms": GroupInitialRebalanceDelayMs = Int(name, value); break;
            case "group.min.session.timeout.ms": GroupMinSessionTimeoutMs = Int(name, value); break;
            case "group.max.session.timeout.ms": GroupMaxSessionTimeoutMs = Int(name, value); break;
            case "offsets.retention.check.interval.ms": OffsetsRetentionCheckIntervalMs = Long(name, value); break;
            case "offsets.retention.minutes": OffsetsRetentionMs = Long(name, value) * 60_000; break;
            default:
                throw new ArgumentException($"unknown broker config '{name}'. Known: {string.Join(", ", KafkaConfigNames.Keys.Concat(Security.SecurityConfigNames.All))}");
        }
    }

    /// <summary>The listeners to bind, from <see cref="Listeners"/> or else <see cref="Host"/>:<see cref="Port"/>.</summary>
    public IReadOnlyList<ListenerSpec> ListenerSpecs() =>
        Listeners is null
            ? [new ListenerSpec("PLAINTEXT", SecurityProtocol.Plaintext, Host, Port)]
            : ListenerSpec.ParseList("listeners", Listeners, ListenerSecurityProtocolMap);

    /// <summary>
    /// Checks what only makes sense with all configs set (listener names against the protocol map, advertised
    /// listeners and inter.broker.listener.name against the listeners, TLS and SASL settings per listener).
    /// </summary>
    /// <exception cref="ArgumentException">With a message naming the config to fix.</exception>
    public void Validate()
    {
        var listeners = ListenerSpecs();
        if (listeners.GroupBy(l => l.Port).FirstOrDefault(g => g.Key != 0 && g.Count() > 1) is { } shared)
        {
            throw new ArgumentException($"listeners: port {shared.Key} is used by {string.Join(" and ", shared.Select(l => l.Name))}");
        }

        if (AdvertisedListeners is not null
            && ListenerSpec.ParseList("advertised.listeners", AdvertisedListeners, ListenerSecurityProtocolMap).FirstOrDefault(a => listeners.All(l => l.Name != a.Name)) is { } stray)
        {
            throw new ArgumentException($"advertised.listeners: '{stray.Name}' is not one of the listeners ({string.Join(", ", listeners.Select(l => l.Name))})");
        }

        if (InterBrokerListenerName is { } inter && listeners.All(l => l.Name != inter))
        {
            throw new ArgumentException($"inter.broker.listener.name: '{inter}' is not one of the listeners ({string.Join(", ", listeners.Select(l => l.Name))})");
        }

        foreach (var listener in listeners)
        {
            Security.ListenerSecurity.Check(this, listener);
        }

        if (MaxConnectionsPerIp == 0 && MaxConnectionsPerIpOverrides.Length == 0)
        {
            throw new ArgumentException("max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides is set (otherwise no client could connect)");
        }

        if (QueuedMaxRequestBytes > 0 && QueuedMaxRequestBytes < SocketRequestMaxBytes)
        {
            throw new ArgumentException($"queued.max.request.bytes ({QueuedMaxRequestBytes}) must be at least socket.request.max.bytes ({SocketRequestMaxBytes}), or -1 for no cap");
        }
    }

    private static (string Host, int Port) ParseListener(string value)
    {
        var text = value.Split(',')[0];
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"listener '{value}' is not host:port (e.g. PLAINTEXT://127.0.0.1:9092)");
        }

        var host = text[..colon];
        return (host.Length == 0 ? "0.0.0.0" : host, port);
    }

    /// <summary>A broker default checked by the rules of the topic config it stands for.</summary>
    private static string Checked(string topicConfig, string name, string value) =>
        Topics.TopicConfig.Validate(topicConfig, value) is { } problem ? throw new ArgumentException($"{name}: {problem}") : value;

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{name} must be a whole number, not '{value}'");

    private static long Long(string name, string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{name} must be a whole number, not '{value}'");

    private static int NonNegative(string name, string value) =>
        Int(name, value) is >= 0 and var v ? v : throw new ArgumentException($"{name} must be 0 or more, not '{value}'");

    /// <summary>Kafka's format: "host:count,host:count"; a host name resolves to its addresses now, as Kafka resolves it on update.</summary>
    private static Dictionary<System.Net.IPAddress, int> ParseConnectionOverrides(string value)
    {
        var caps = new Dictionary<System.Net.IPAddress, int>();
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new ArgumentException($"max.connections.per.ip.overrides: '{entry}' is not host:count (e.g. 127.0.0.1:200,clients.example.com:50)");
            }

            var host = entry[..colon].Trim('[', ']');
            System.Net.IPAddress[] addresses;
            try
            {
                addresses = System.Net.IPAddress.TryParse(host, out var ip) ? [ip] : System.Net.Dns.GetHostAddresses(host);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new ArgumentException($"max.connections.per.ip.overrides: cannot resolve host '{host}': {ex.Message}", ex);
            }

            foreach (var address in addresses)
            {
                caps[ConnectionQuotas.Normalize(address)] = count;
            }
        }

        return caps;
    }

    private static bool Bool(string name, string value) =>
        bool.TryParse(value, out var v) ? v : throw new ArgumentException($"{name} must be true or false, not '{value}'");
}
