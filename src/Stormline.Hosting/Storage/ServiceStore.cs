using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stormline.EventSourcing.Postgres;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Sqlite;
using Stormline.Hosting.ReadModels;

namespace Stormline.Hosting.Storage;

/// <summary>
/// A service's one store: event streams, outbox, inbox, checkpoints, saga state, read models and the service's own
/// tables in one database, so a consumer's batch commits its inbox marks, appends, outbox rows and saga state in one
/// transaction. SQLite: one file (events.db) with this process as its only writer; PostgreSQL: one database shared by
/// every replica of the service.
/// </summary>
public sealed class ServiceStore : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<DbConnection>> _openRead;
    private readonly IAsyncDisposable? _owned;

    private ServiceStore(SqlStore store, string description, Func<CancellationToken, Task<DbConnection>> openRead, IAsyncDisposable? owned, string leaseHolder)
    {
        LeaseHolder = leaseHolder;
        Store = store;
        Description = description;
        _openRead = openRead;
        _owned = owned;
        ReadModels = new ReadModelCatalog(this);
    }

    /// <summary>Which version of each read model is live (see <see cref="ReadModelCatalog"/>).</summary>
    public ReadModelCatalog ReadModels { get; }

    public SqlStore Store { get; }

    /// <summary>
    /// This process's name as a holder of the store's leases (relay, projections, log feeds). Stable for SQLite: a
    /// folder belongs to one process, so a service restarted after a kill renews its own leases at once instead of
    /// waiting for them to expire. Unique per process with PostgreSQL, where replicas share the store.
    /// </summary>
    public string LeaseHolder { get; }

    /// <summary>Whether replicas of the service can share this store (PostgreSQL), so leases decide who runs the relay and projections.</summary>
    public bool Shared => Store is PostgresEventStore;

    /// <summary>Where the data lives, for the start-up banner.</summary>
    public string Description { get; }

    /// <summary>A read-only connection, for queries on read models outside any write lock.</summary>
    public Task<DbConnection> OpenRead(CancellationToken cancellationToken) => _openRead(cancellationToken);

    /// <exception cref="InvalidOperationException">The configuration names an unknown provider or lacks a connection string.</exception>
    public static async Task<ServiceStore> Open(StoreOptions options, string service, CancellationToken cancellationToken)
    {
        var opened = await OpenProvider(options, service, cancellationToken);
        try
        {
            await opened.Store.Migrate(ReadModelCatalog.CreateSql, cancellationToken);
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
        return opened;
    }

    private static async Task<ServiceStore> OpenProvider(StoreOptions options, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
            {
                var folder = Path.GetFullPath(options.DataDir ?? Path.Combine(".stormline", service));
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, "events.db");
                var store = await SqliteEventStore.Open(path, outbox: true, cancellationToken);
                var read = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
                return new ServiceStore(store, $"SQLite in {folder}", async ct =>
                {
                    var connection = new SqliteConnection(read);
                    await connection.OpenAsync(ct);
                    return connection;
                }, store, $"{service}@{folder}");
            }
            case "postgres" or "postgresql":
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new InvalidOperationException("Store:Provider is postgres but Store:ConnectionString is empty; set Store__ConnectionString.");
                var store = await PostgresEventStore.Open(options.ConnectionString, outbox: true, cancellationToken);
                var database = new NpgsqlConnectionStringBuilder(options.ConnectionString) is { Host: var host, Database: var db } ? $"{host}/{db}" : "?";
                return new ServiceStore(store, $"PostgreSQL {database}", async ct => await store.OpenReadConnection(ct), store,
                    $"{service}-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}");
            }
            default:
                throw new InvalidOperationException($"Store:Provider '{options.Provider}' is not known; use sqlite or postgres.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null) await _owned.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
