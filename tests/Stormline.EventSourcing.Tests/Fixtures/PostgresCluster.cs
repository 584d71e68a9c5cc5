using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Stormline.EventSourcing.Postgres;
using Stormline.EventSourcing.Sql;

[assembly: AssemblyFixture(typeof(Stormline.EventSourcing.Tests.Fixtures.PostgresCluster))]

namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test assembly: initdb in a temp folder, started on a free port with
/// durability off (tests need speed, not crash safety), stopped and deleted at the end. As root it runs the server as
/// the `postgres` OS user, because PostgreSQL refuses to run as root. Each test gets its own schema.
/// Missing binaries fail every PostgreSQL test: the suite must never go green by skipping the real server.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime, IStoreFactory
{
    private const string InstallHint = "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. Run ./test.sh, which installs the postgresql package.";

    private DirectoryInfo? _folder;
    private string? _bin;
    private string? _adminConnectionString;
    private int _schemas;
    private Exception? _startFailure;

    private string DataDirectory => Path.Combine(_folder!.FullName, "data");

    public async ValueTask InitializeAsync()
    {
        try
        {
            _bin = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
            _folder = Directory.CreateTempSubdirectory("stormline-pg-");
            if (IsRoot) await Run("chown", ["-R", "postgres:postgres", _folder.FullName], asPostgres: false);

            var port = FreePort();
            await Run(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asPostgres: true);
            var options = $"-p {port} -k {_folder.FullName} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
            await Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(_folder.FullName, "server.log"), "-o", options, "-w", "-t", "60", "start"], asPostgres: true);
            _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        }
        catch (Exception e)
        {
            // Remember it and fail each PostgreSQL test with it, rather than crash the whole assembly (SQLite tests still report).
            _startFailure = e;
        }
    }

    public async Task<SqlStore> CreateStore(CancellationToken cancellationToken)
    {
        if (_startFailure is not null) throw new InvalidOperationException($"The PostgreSQL test cluster did not start: {_startFailure.Message}", _startFailure);
        // A schema per test, not a database: CREATE DATABASE copies a template and costs about a second on a busy machine.
        var schema = $"conformance_{Interlocked.Increment(ref _schemas)}";
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString) { SearchPath = schema, Pooling = true, MaxPoolSize = 50 };
        return await PostgresEventStore.Open(builder.ConnectionString, cancellationToken: cancellationToken);
    }

    public ValueTask DisposeStore(SqlStore store) => ((PostgresEventStore)store).DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_folder is null) return;
        NpgsqlConnection.ClearAllPools();
        if (_bin is not null && Directory.Exists(DataDirectory) && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            await Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true);
        _folder.Delete(recursive: true);
    }

    private static string? FindBinaries()
    {
        // The override exists to check the "binaries missing" failure without touching the machine's installation.
        var root = Environment.GetEnvironmentVariable("STORMLINE_POSTGRES_ROOT") ?? "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b.Contains("/15/", StringComparison.Ordinal)) // the version CI pins, when several are installed
            .FirstOrDefault();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Run(string program, IReadOnlyList<string> arguments, bool asPostgres)
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
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }
}
