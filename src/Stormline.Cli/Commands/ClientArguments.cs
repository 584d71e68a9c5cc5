using System.CommandLine;
using Stormline.Clients;

namespace Stormline.Cli.Commands;

/// <summary>
/// How every command that talks to Kafka (and, with <c>registry: true</c>, to a schema registry) reaches a secured
/// cluster: any librdkafka setting and the registry's credentials, from a Java properties file, <c>Kafka__Client__NAME</c>
/// environment variables (the services' configuration key) and options, later ones winning.
/// </summary>
internal sealed class ClientArguments
{
    private readonly Option<string?> _file = new("--kafka-config-file")
    {
        Description = "Client properties in Java properties format (Confluent's client.properties): librdkafka settings such as security.protocol, "
            + "sasl.mechanism, sasl.username, ssl.ca.location, and the registry's schema.registry.basic.auth.user.info / schema.registry.ssl.ca.location.",
    };

    private readonly Option<string[]> _settings = new("--kafka-config")
    {
        Description = "One librdkafka setting, NAME=VALUE (repeatable), e.g. --kafka-config security.protocol=SASL_SSL. "
            + "Kafka__Client__NAME environment variables are read too; this option wins over them and over the file.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> _registryUserInfo = new("--registry-user-info")
    {
        Description = "USER:PASSWORD for the schema registry's HTTP basic authentication (Confluent's basic.auth.user.info).",
    };

    private readonly Option<string?> _registryCa = new("--registry-ca")
    {
        Description = "A PEM CA certificate the registry's HTTPS certificate is verified against (schema.registry.ssl.ca.location).",
    };

    private readonly bool _registry;

    public ClientArguments(bool registry) => _registry = registry;

    public void AddTo(Command command)
    {
        command.Options.Add(_file);
        command.Options.Add(_settings);
        if (_registry)
        {
            command.Options.Add(_registryUserInfo);
            command.Options.Add(_registryCa);
        }
    }

    /// <summary>The settings given, or null (after saying what is wrong on standard error) when a file or a setting is unusable.</summary>
    public ClientProperties? Read(ParseResult parse, string command)
    {
        var properties = new ClientProperties();
        if (parse.GetValue(_file) is { } file)
        {
            try
            {
                properties.AddFile(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"stormline {command}: cannot read --kafka-config-file {file}: {ex.Message}; "
                    + "it takes NAME=VALUE lines in Java properties format (# comments)");
                return null;
            }
        }

        properties.AddEnvironment();
        foreach (var setting in parse.GetValue(_settings) ?? [])
        {
            var parts = setting.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0)
            {
                Console.Error.WriteLine($"stormline {command}: --kafka-config '{setting}' must be NAME=VALUE with a librdkafka setting name, e.g. security.protocol=SASL_SSL");
                return null;
            }

            properties.Set(parts[0], parts[1]);
        }

        if (parse.GetValue(_registryUserInfo) is { } userInfo)
        {
            if (!userInfo.Contains(':', StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"stormline {command}: --registry-user-info must be USER:PASSWORD");
                return null;
            }

            properties.Set("basic.auth.user.info", userInfo);
        }

        if (parse.GetValue(_registryCa) is { } ca)
        {
            if (!File.Exists(ca))
            {
                Console.Error.WriteLine($"stormline {command}: --registry-ca {ca} does not exist; pass the PEM file of the CA that signed the registry's certificate");
                return null;
            }

            properties.Set("schema.registry.ssl.ca.location", Path.GetFullPath(ca));
        }

        return properties;
    }
}
