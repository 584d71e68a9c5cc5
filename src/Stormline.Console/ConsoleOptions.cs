using Stormline.Clients;
using Stormline.OpsConsole.Security;

namespace Stormline.OpsConsole;

/// <summary>What the console connects to, where it listens and what it lets a visitor do.</summary>
public sealed class ConsoleOptions
{
    /// <summary>Kafka bootstrap servers, e.g. <c>127.0.0.1:9092</c>.</summary>
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    /// <summary>
    /// librdkafka settings for every Kafka client of the console and its collector (security.protocol, sasl.*, ssl.*, …),
    /// and the registry's credentials and CA (schema.registry.basic.auth.user.info, schema.registry.ssl.ca.location).
    /// </summary>
    public ClientProperties Clients { get; set; } = new();

    /// <summary>The schema registry's base URL; without it values are shown as JSON or text, undecoded.</summary>
    public string? SchemaRegistryUrl { get; set; }

    /// <summary>A <c>*.storm.yaml</c> model drawn on the event-model page; none hides the board.</summary>
    public string? ModelFile { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on (0: any free port).</summary>
    public int Port { get; set; } = 5100;

    /// <summary>Required when <see cref="Host"/> is not a loopback address: every /api call then needs <c>Authorization: Bearer</c> it.</summary>
    public string? Token { get; set; }

    /// <summary>Hides every action in the UI; action endpoints answer 403.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>JSON field paths (<c>card.number</c>, <c>customer.email</c>) whose values are replaced in every message shown.</summary>
    public IList<string> MaskedFields { get; } = new List<string>();

    /// <summary>
    /// Schema tags whose fields are masked in every message shown (Confluent's <c>confluent:tags</c> and metadata tags;
    /// the model's <c>pii</c> marks for messages without a registered schema). <c>PII</c> unless cleared.
    /// </summary>
    public IList<string> MaskedTags { get; } = new List<string> { "PII" };

    /// <summary>Services whose health the overview shows, by name; defaults to the shop's three services.</summary>
    public IDictionary<string, string> HealthChecks { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["orders"] = "http://127.0.0.1:5101/health",
        ["payments"] = "http://127.0.0.1:5102/health",
        ["deliveries"] = "http://127.0.0.1:5103/health",
    };

    /// <summary>The topics an order's journey is looked up in, in the order of the flow.</summary>
    public IList<string> JourneyTopics { get; } = new List<string> { "order-events", "payment-events", "delivery-events" };

    /// <summary>How often the collector snapshots the cluster for trends, lag statuses and alerts.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where firing and resolved alerts are posted (Alertmanager's webhook format); none when null.</summary>
    public Uri? AlertWebhook { get; set; }

    /// <summary>Upper bound on messages read per request (browser page, journey scan per partition, dead-letter list).</summary>
    public int MaxScan { get; set; } = 5000;

    /// <summary>Named bearer tokens with roles (viewer, operator); any user (or <see cref="Token"/>) makes every /api call need one.</summary>
    public IList<ConsoleUser> Users { get; } = new List<ConsoleUser>();

    /// <summary>A users file (<see cref="ConsoleUsersFile"/>) read at start, adding to <see cref="Users"/>.</summary>
    public string? UsersFile { get; set; }

    /// <summary>
    /// Host names the console answers to besides loopback and <see cref="Host"/>, e.g. the name operators browse to.
    /// Other Host headers are refused (400), so a page on a rebound DNS name cannot read the API as same-origin.
    /// </summary>
    public IList<string> AllowedHosts { get; } = new List<string>();

    /// <summary>A JSON-lines file every reset and redrive is appended to and read back from; null keeps the log in memory.</summary>
    public string? AuditLogFile { get; set; }
}
