using Stormline.EventSourcing.Store;

namespace Stormline.EventSourcing.Sql;

public abstract partial class SqlStore
{
    /// <summary>
    /// Applies the backend's numbered scripts ("001_schema.sql", …) that this database has not run yet, each in its own
    /// transaction with its number recorded, so an upgrade runs only the new ones.
    /// </summary>
    public async Task Initialize(CancellationToken cancellationToken)
    {
        using var writer = await EnterWriter(WritePriority.Flow, cancellationToken);
        await using var connection = await OpenConnection(cancellationToken);
        await PrepareDatabase(connection, cancellationToken);
        // Replicas started together all get here: one at a time, or two CREATE TABLE IF NOT EXISTS race and one fails.
        await using var setUp = await EnterSchemaSetUp(connection, cancellationToken);
        await using (var create = Command(connection, null, _sql.CreateSchemaTable))
            await create.ExecuteNonQueryAsync(cancellationToken);

        foreach (var (version, name, text) in Scripts())
        {
            await using var transaction = await BeginWrite(connection, cancellationToken);
            if (_dialect.SchemaLockSql is { } lockSql)
                await using (var lockCommand = Command(connection, transaction, lockSql))
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken);

            var applied = new HashSet<long>();
            await using (var query = Command(connection, transaction, _sql.AppliedScripts))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    applied.Add(reader.GetInt64(0));
            if (applied.Contains(version)) continue;

            await using (var run = Command(connection, transaction, text))
                await run.ExecuteNonQueryAsync(cancellationToken);
            await using (var record = Command(connection, transaction, _sql.RecordScript, ("@version", version), ("@script", name)))
                await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Runs the service's own schema statements (read-model tables, its own tables) once per database, serialized
    /// with every other replica's set-up: <c>CREATE TABLE IF NOT EXISTS</c> run by two processes at once can fail.
    /// </summary>
    public async Task Migrate(string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        using var writer = await EnterWriter(WritePriority.Flow, cancellationToken);
        await using var connection = await OpenConnection(cancellationToken);
        await using var setUp = await EnterSchemaSetUp(connection, cancellationToken);
        await using var transaction = await BeginWrite(connection, cancellationToken);
        await using (var run = Command(connection, transaction, sql))
            await run.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Holds the database's set-up lock on <paramref name="connection"/> until disposed; nothing where the writer is exclusive already.</summary>
    private protected virtual Task<IAsyncDisposable> EnterSchemaSetUp(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    private sealed class NoLock : IAsyncDisposable
    {
        public static NoLock Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Database-wide settings a backend needs before its scripts run (SQLite: WAL mode).</summary>
    protected virtual Task PrepareDatabase(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<(long Version, string Name, string Text)> Scripts()
    {
        var assembly = typeof(SqlStore).Assembly;
        var prefix = _dialect.ScriptFolder + "/";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..];
            var version = long.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Missing embedded script {resource}.");
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
