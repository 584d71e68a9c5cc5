using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server (initdb + pg_ctl from /usr/lib/postgresql/*/bin, run as the `postgres` user when the
/// tests run as root), with one schema per service (a database each in production; CREATE DATABASE costs seconds here). Missing binaries fail the test and say to run
/// ./test.sh, which installs them: a PostgreSQL test never passes by skipping the server.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly string _bin;
    private readonly int _port;

    private PostgresServer(DirectoryInfo folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        _port = port;
    }

    private string Data => Path.Combine(_folder.FullName, "data");

    public static async Task<PostgresServer> Start()
    {
        var bin = (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) are missing under /usr/lib/postgresql/*/bin; run ./test.sh, which installs the postgresql package.");
        var folder = Directory.CreateTempSubdirectory("shop-pg-");
        if (Environment.UserName == "root") await Run("chown", ["-R", "postgres:postgres", folder.FullName], asPostgres: false);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var server = new PostgresServer(folder, bin, port);
        await Run(Path.Combine(bin, "initdb"), ["-D", server.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asPostgres: true);
        await server.StartServer();
        return server;
    }

    private Task StartServer() => Run(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-l", Path.Combine(_folder.FullName, "server.log"), "-w", "-t", "60", "start",
        "-o", $"-p {_port} -k {_folder.FullName} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"], asPostgres: true);

    /// <summary>Stops the server (fast shutdown: every session is cut) for <paramref name="outage"/>, then starts it again.</summary>
    public async Task Outage(TimeSpan outage)
    {
        await Run(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "fast", "-w", "stop"], asPostgres: true);
        await Task.Delay(outage);
        await StartServer();
    }

    /// <summary>Creates a schema and returns a connection string whose search path is that schema.</summary>
    public async Task<string> CreateSchema(string name)
    {
        var admin = $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Search Path={name}";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Run(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], asPostgres: true);
        _folder.Delete(recursive: true);
    }

    private static async Task Run(string program, string[] arguments, bool asPostgres)
    {
        var start = asPostgres && Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await error}{await output}");
    }
}
