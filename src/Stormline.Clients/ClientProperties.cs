using System.Collections;
using Confluent.Kafka;

namespace Stormline.Clients;

/// <summary>
/// A client's settings in the sense of Confluent's <c>client.properties</c>: librdkafka settings by their own names
/// (<c>security.protocol</c>, <c>sasl.mechanism</c>, <c>ssl.ca.location</c>, …), passed to every producer, consumer and
/// admin client unchecked so librdkafka itself judges them, and the schema registry client's settings
/// (<c>schema.registry.basic.auth.user.info</c>, <c>schema.registry.ssl.ca.location</c>, or Confluent Cloud's unprefixed
/// <c>basic.auth.*</c>). Later sources override earlier ones: a properties file, then <c>Kafka__Client__NAME</c>
/// environment variables (the services' <c>Kafka:Client:NAME</c> configuration keys), then single settings.
/// </summary>
public sealed class ClientProperties
{
    /// <summary>The configuration section the services read their librdkafka settings from.</summary>
    public const string ConfigurationSection = "Kafka:Client";

    private const string RegistryPrefix = "schema.registry.";
    private const string BootstrapServers = "bootstrap.servers";

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Every setting given, registry ones under their <c>schema.registry.</c> names.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The settings for librdkafka: all but the registry's, and never <c>bootstrap.servers</c>, which each tool takes from its own option.</summary>
    public IEnumerable<KeyValuePair<string, string>> Kafka =>
        _values.Where(v => !v.Key.StartsWith(RegistryPrefix, StringComparison.Ordinal) && v.Key != BootstrapServers);

    /// <summary>The registry URL the properties name (<c>schema.registry.url</c>), for tools given none of their own.</summary>
    public string? RegistryUrl => _values.GetValueOrDefault(RegistryPrefix + "url");

    /// <summary>Sets one setting; <c>basic.auth.*</c> and <c>bearer.auth.*</c> are the registry's, as in Confluent Cloud's files.</summary>
    public ClientProperties Set(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        name = name.Trim();
        _values[name.StartsWith("basic.auth.", StringComparison.Ordinal) || name.StartsWith("bearer.auth.", StringComparison.Ordinal) ? RegistryPrefix + name : name] = value;
        return this;
    }

    public ClientProperties SetAll(IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (name, value) in settings)
        {
            Set(name, value);
        }

        return this;
    }

    /// <summary>Adds a Java properties file (see <see cref="JavaProperties"/>).</summary>
    /// <exception cref="FormatException">The file is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public ClientProperties AddFile(string path) => SetAll(JavaProperties.Load(path));

    /// <summary>
    /// Adds <c>Kafka__Client__NAME=VALUE</c> (or <c>Kafka:Client:NAME</c>) environment variables: the key the services read,
    /// so one environment serves the services and the tools alike.
    /// </summary>
    public ClientProperties AddEnvironment(IDictionary? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariables();
        var prefixes = new[] { ConfigurationSection.Replace(":", "__", StringComparison.Ordinal) + "__", ConfigurationSection + ":" };
        foreach (DictionaryEntry variable in variables)
        {
            if (variable.Key is string key && variable.Value is string value
                && prefixes.FirstOrDefault(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } prefix && key.Length > prefix.Length)
            {
                Set(key[prefix.Length..], value);
            }
        }

        return this;
    }

    /// <summary>Sets the librdkafka settings on <paramref name="config"/>, over what the tool set itself.</summary>
    public TConfig ApplyTo<TConfig>(TConfig config)
        where TConfig : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (name, value) in Kafka)
        {
            config.Set(name, value);
        }

        return config;
    }

    /// <summary>
    /// Confluent's schema registry client configuration for <paramref name="url"/> with these properties' registry
    /// settings (credentials, CA); <c>basic.auth.user.info</c> alone implies <c>basic.auth.credentials.source=USER_INFO</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> RegistryConfig(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var config = _values.Where(v => v.Key.StartsWith(RegistryPrefix, StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        config[RegistryPrefix + "url"] = url;
        if (config.ContainsKey(RegistryPrefix + "basic.auth.user.info"))
        {
            config.TryAdd(RegistryPrefix + "basic.auth.credentials.source", "USER_INFO");
        }

        return config;
    }
}
