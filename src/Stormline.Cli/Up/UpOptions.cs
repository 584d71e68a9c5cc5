using Stormline.Model.Generation;
using Stormline.Cli.Schemas;

namespace Stormline.Cli.Up;

/// <summary>What <c>stormline up</c> starts and where: ports (DESIGN.md's defaults) and the data folder.</summary>
public sealed record UpOptions
{
    public required string DataDirectory { get; init; }

    public int BrokerPort { get; init; } = 9092;

    public int RegistryPort { get; init; } = 8081;

    public int ConsolePort { get; init; } = 5100;

    public bool StartConsole { get; init; } = true;

    public IReadOnlyList<ShopService> Services { get; init; } = ShopService.Defaults();

    /// <summary>How long a service may take to answer /health/ready before <c>up</c> gives up.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a stopped service may take to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>More configuration for every service, as .NET environment variables (e.g. Orders__PaymentDeadline=00:02:00).</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Which of the model's schemas <c>up</c> registers and the services write their events with: Avro unless told JSON Schema.</summary>
    public SchemaFormat SchemaFormat { get; init; } = SchemaFormat.Avro;

    /// <summary>The broker on SASL_SSL only, with a CA made at start and a user per service (<see cref="SecureShop"/>).</summary>
    public bool Secure { get; init; }

    /// <summary>Rebuild the services even when their dlls exist.</summary>
    public bool Build { get; init; }
}
