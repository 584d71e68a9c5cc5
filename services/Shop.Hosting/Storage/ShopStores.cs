using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stormline.EventSourcing.Postgres;
using Stormline.EventSourcing.Sql;
using Stormline.EventSourcing.Sqlite;

namespace Shop.Hosting.Storage;

/// <summary>
/// A service's two stores. <see cref="Events"/> holds the event streams, the outbox, the read models and their
/// checkpoints; <see cref="Process"/> holds the inbox, saga state and consumer-side tables. With SQLite they are two
/// files because SQLite has one writer per file: a consumer's inbox transaction stays open while its handler appends
/// to the event store, which would wait forever on a lock its own transaction holds. Locks are always taken in the
/// order Process → Events, so the two never deadlock. With PostgreSQL both are the same database.
/// </summary>
public sealed class ShopStores : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<DbConnection>> _openRead;
    private readonly IAsyncDisposable? _owned;

    private ShopStores(SqlStore events, SqlStore process, string description, Func<CancellationToken, Task<DbConnection>> openRead, IAsyncDisposable? owned, string? relayId = null)
    {
        RelayId = relayId;
        EventsGate = new WriteGate(serialize: events is SqliteEventStore);
        Events = events;
        Process = process;
        Description = description;
        _openRead = openRead;
        _owned = owned;
    }

    public SqlStore Events { get; }

    public SqlStore Process { get; }

    /// <summary>
    /// The outbox lease holder for this store, when it can be stable: a SQLite folder belongs to one process, so a
    /// service restarted after a kill renews its own lease at once instead of waiting for it to expire. Null with
    /// PostgreSQL, where replicas share the store and each relay needs a name of its own.
    /// </summary>
    public string? RelayId { get; }

    /// <summary>Taken around this process's writes to <see cref="Events"/> (appends, projection batches, relay passes).</summary>
    public WriteGate EventsGate { get; }

    /// <summary>Where the data lives, for the start-up banner.</summary>
    public string Description { get; }

    /// <summary>A read-only connection to the events database, for queries on read models outside any write lock.</summary>
    public Task<DbConnection> OpenRead(CancellationToken cancellationToken) => _openRead(cancellationToken);

    /// <exception cref="InvalidOperationException">The configuration names an unknown provider or lacks a connection string.</exception>
    public static async Task<ShopStores> Open(StoreOptions options, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
            {
                var folder = Path.GetFullPath(options.DataDir ?? Path.Combine(".stormline", service));
                Directory.CreateDirectory(folder);
                var eventsPath = Path.Combine(folder, "events.db");
                var events = await SqliteEventStore.Open(eventsPath, outbox: true, cancellationToken);
                var process = await SqliteEventStore.Open(Path.Combine(folder, "process.db"), outbox: false, cancellationToken);
                var read = new SqliteConnectionStringBuilder { DataSource = eventsPath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
                return new ShopStores(events, process, $"SQLite in {folder}", async ct =>
                {
                    var connection = new SqliteConnection(read);
                    await connection.OpenAsync(ct);
                    return connection;
                }, null, $"{service}@{folder}");
            }
            case "postgres" or "postgresql":
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new InvalidOperationException("Store:Provider is postgres but Store:ConnectionString is empty; set Store__ConnectionString.");
                var store = await PostgresEventStore.Open(options.ConnectionString, outbox: true, cancellationToken);
                var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
                var database = new NpgsqlConnectionStringBuilder(options.ConnectionString) is { Host: var host, Database: var db } ? $"{host}/{db}" : "?";
                return new ShopStores(store, store, $"PostgreSQL {database}", async ct => await dataSource.OpenConnectionAsync(ct), new Owned(store, dataSource));
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

    private sealed class Owned(PostgresEventStore store, NpgsqlDataSource dataSource) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await store.DisposeAsync();
            await dataSource.DisposeAsync();
        }
    }
}
