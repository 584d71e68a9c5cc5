using Microsoft.Extensions.Configuration;
using Stormline.Registry.Rest.Contracts;
using Stormline.Registry.Security;

namespace Stormline.Registry;

/// <summary>Settings of the schema registry; defaults match Confluent's (port 8081, BACKWARD).</summary>
public sealed class RegistryOptions
{
    /// <summary>Address to listen on; loopback unless told otherwise, as every Stormline service.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 8081;

    /// <summary>Folder holding the registry's log; created if missing. Unused when <see cref="BootstrapServers"/> is set.</summary>
    public string DataDirectory { get; set; } = Path.Combine(".stormline", "registry");

    /// <summary>A Kafka cluster (HOST:PORT,…) to keep the records in <see cref="Topic"/> instead of the data folder.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>The compacted one-partition topic holding the records; registries sharing it share their state.</summary>
    public string Topic { get; set; } = "_schemas";

    /// <summary>How long a write may wait for the cluster (produce with acks=all, read back) before answering 500.</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The global level until <c>PUT /config</c> sets one.</summary>
    public Compatibility DefaultCompatibility { get; set; } = Compatibility.Backward;

    /// <summary>Largest request body accepted; Confluent's default is also 1 MiB of schema per request, roughly.</summary>
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// Accounts for HTTP basic authentication. Authentication is on when this or <see cref="UsersFile"/> names a user;
    /// with neither, every request is served as before (a loopback registry for development).
    /// </summary>
    public IList<RegistryUser> Users { get; } = [];

    /// <summary>A users file (<see cref="RegistryUsersFile"/>) read at start, adding to <see cref="Users"/>.</summary>
    public string? UsersFile { get; set; }

    /// <summary>
    /// Kestrel's standard configuration section (<c>Endpoints</c>, <c>Certificates</c>), e.g. an HTTPS endpoint with a PEM
    /// certificate. When it names endpoints they replace <see cref="Host"/> and <see cref="Port"/>.
    /// </summary>
    public IConfiguration? Kestrel { get; set; }
}
