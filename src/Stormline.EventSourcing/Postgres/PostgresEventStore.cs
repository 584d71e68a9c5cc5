using System.Data.Common;
using Npgsql;
using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Postgres;

/// <summary>The server store on PostgreSQL through Npgsql. Owns its data source; dispose it to close the pool.</summary>
public sealed class PostgresEventStore : SqlStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresEventStore(string connectionString, bool outbox = true) : base(PostgresDialect.Instance, outbox)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public static async Task<PostgresEventStore> Open(string connectionString, bool outbox = true, CancellationToken cancellationToken = default)
    {
        var store = new PostgresEventStore(connectionString, outbox);
        await store.Initialize(cancellationToken);
        return store;
    }

    protected override async Task<DbConnection> OpenConnection(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginWrite(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
