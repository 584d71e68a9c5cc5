using System.Globalization;

namespace Stormline.Broker.Server;

/// <summary>One entry of <c>listeners</c> or <c>advertised.listeners</c>: <c>NAME://host:port</c>, with its security protocol.</summary>
public sealed record ListenerSpec(string Name, SecurityProtocol Protocol, string Host, int Port)
{
    /// <summary>Kafka's default listener.security.protocol.map: each protocol is also a listener name for itself.</summary>
    private static readonly Dictionary<string, SecurityProtocol> DefaultMap = new(StringComparer.Ordinal)
    {
        ["PLAINTEXT"] = SecurityProtocol.Plaintext,
        ["SSL"] = SecurityProtocol.Ssl,
        ["SASL_PLAINTEXT"] = SecurityProtocol.SaslPlaintext,
        ["SASL_SSL"] = SecurityProtocol.SaslSsl,
    };

    public override string ToString() => $"{Name}://{Host}:{Port}";

    /// <summary>
    /// Parses a comma-separated listener list. As in Kafka, names are case-sensitive, unique, and each must be in the
    /// protocol map (an explicit <paramref name="protocolMap"/> replaces the default identity map).
    /// </summary>
    public static IReadOnlyList<ListenerSpec> ParseList(string configName, string value, string? protocolMap)
    {
        var map = ParseProtocolMap(protocolMap);
        var result = new List<ListenerSpec>();
        foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var scheme = raw.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0)
            {
                throw new ArgumentException($"{configName}: '{raw}' is not NAME://host:port (e.g. PLAINTEXT://127.0.0.1:9092)");
            }

            var name = raw[..scheme];
            if (!map.TryGetValue(name, out var protocol))
            {
                throw new ArgumentException($"{configName}: listener '{name}' has no security protocol; add it to listener.security.protocol.map (e.g. {name}:SASL_PLAINTEXT)");
            }

            var address = raw[(scheme + 3)..];
            var colon = address.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            {
                throw new ArgumentException($"{configName}: '{raw}' is not NAME://host:port (e.g. PLAINTEXT://127.0.0.1:9092)");
            }

            var host = address[..colon].Trim('[', ']');
            if (result.Any(l => l.Name == name))
            {
                throw new ArgumentException($"{configName}: listener name '{name}' appears twice");
            }

            result.Add(new ListenerSpec(name, protocol, host, port));
        }

        if (result.Count == 0)
        {
            throw new ArgumentException($"{configName} is empty");
        }

        return result;
    }

    /// <summary>Parses <c>NAME:PROTOCOL,…</c>; null gives Kafka's default map.</summary>
    public static IReadOnlyDictionary<string, SecurityProtocol> ParseProtocolMap(string? value)
    {
        if (value is null)
        {
            return DefaultMap;
        }

        var map = new Dictionary<string, SecurityProtocol>(StringComparer.Ordinal);
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':');
            if (colon <= 0 || !DefaultMap.TryGetValue(entry[(colon + 1)..].Trim(), out var protocol))
            {
                throw new ArgumentException($"listener.security.protocol.map: '{entry}' is not NAME:PROTOCOL with PROTOCOL one of {string.Join(", ", DefaultMap.Keys)}");
            }

            if (!map.TryAdd(entry[..colon].Trim(), protocol))
            {
                throw new ArgumentException($"listener.security.protocol.map: listener '{entry[..colon]}' appears twice");
            }
        }

        return map;
    }
}
