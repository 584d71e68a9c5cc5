using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Stormline.Bench.EventStore.Server;

/// <summary>
/// One throwaway PostgreSQL server for the whole run, shared by every PostgreSQL target: initdb in a temp folder,
/// started on a free loopback port with the stock durability settings (fsync and synchronous_commit on, as a user
/// would run it), stopped and deleted on dispose. As root the server runs as the `postgres` OS user, because
/// PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly string _bin;
    private bool _started;

    private PostgresServer(DirectoryInfo folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string Version { get; private set; } = "";

    private string DataDirectory => Path.Combine(_folder.FullName, "data");

    private string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public static async Task<PostgresServer> Start(string? binFolder, TextWriter log, CancellationToken cancellationToken)
    {
        var bin = binFolder ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")) || !File.Exists(Path.Combine(bin, "pg_ctl")))
            throw new InvalidOperationException($"initdb/pg_ctl not found in {bin}. Install PostgreSQL 15 (apt-get install postgresql-15) or pass --pg-bin.");

        var folder = Directory.CreateTempSubdirectory("stormline-bench-pg-");
        var server = new PostgresServer(folder, bin, FreePort());
        try
        {
            if (IsRoot) await Run("chown", ["-R", "postgres:postgres", folder.FullName], asPostgres: false, cancellationToken);
            await Run(Path.Combine(bin, "initdb"), ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions"], asPostgres: true, cancellationToken);
            var options = $"-p {server.Port} -k {folder.FullName} -c listen_addresses=127.0.0.1 -c max_connections=200";
            await Run(Path.Combine(bin, "pg_ctl"), ["-D", server.DataDirectory, "-l", Path.Combine(folder.FullName, "server.log"), "-o", options, "-w", "-t", "60", "start"], asPostgres: true, cancellationToken);
            server._started = true;

            await using var connection = new NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var version = new NpgsqlCommand("SHOW server_version", connection);
            server.Version = (string?)await version.ExecuteScalarAsync(cancellationToken) ?? "?";
            log.WriteLine($"PostgreSQL {server.Version} on 127.0.0.1:{server.Port}, data in {folder.FullName} (fsync on, synchronous_commit on)");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh database per target, so no target reads the other's tables or bloat.</summary>
    public async Task<string> CreateDatabase(string name, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Pooling=true;Maximum Pool Size=50";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (_started) await Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asPostgres: true, CancellationToken.None);
        }
        finally
        {
            _folder.Delete(recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Run(string program, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = program;
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }
}
