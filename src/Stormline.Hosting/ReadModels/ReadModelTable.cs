using System.Data.Common;
using System.Globalization;
using Stormline.Hosting.Storage;

namespace Stormline.Hosting.ReadModels;

/// <summary>
/// A read model stored as one JSON document per aggregate, plus the columns that queries filter on (status, customer)
/// and page by (creation time, id). Portable SQL, so the table lives next to its checkpoint in either backend.
/// A rebuild builds the next version beside the live one: version 1 is the table <see cref="Name"/> itself, version
/// n &gt; 1 the table "&lt;name&gt;_v&lt;n&gt;" (see <see cref="ReadModelCatalog"/>).
/// </summary>
public sealed class ReadModelTable
{
    public ReadModelTable(string name) : this(name, 1)
    {
    }

    private ReadModelTable(string name, int version)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterLower(c) || c == '_'))
            throw new ArgumentException($"Table name '{name}' must be lower-case letters and '_'.", nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        Name = name;
        Version = version;
        TableName = version == 1 ? name : $"{name}_v{version.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The read model's name (its checkpoint id), the same in every version.</summary>
    public string Name { get; }

    public int Version { get; }

    /// <summary>The SQL table of this version.</summary>
    public string TableName { get; }

    /// <summary>The same read model's table at <paramref name="version"/>.</summary>
    public ReadModelTable At(int version) => version == Version ? this : new ReadModelTable(Name, version);

    /// <summary>Creates this version's table; idempotent. Services call <see cref="ReadModelCatalog.Create"/>, which picks the live version.</summary>
    public string CreateSql =>
        $"CREATE TABLE IF NOT EXISTS {TableName} (id TEXT PRIMARY KEY, status TEXT NOT NULL, customer_id TEXT NULL, created_at TEXT NOT NULL, document TEXT NOT NULL);" +
        $"CREATE INDEX IF NOT EXISTS {TableName}_status ON {TableName} (status, created_at);" +
        $"CREATE INDEX IF NOT EXISTS {TableName}_customer ON {TableName} (customer_id, created_at);";

    /// <summary>Drops this version's table with its indexes.</summary>
    public string DropSql => $"DROP TABLE IF EXISTS {TableName}";

    public async Task<string?> Get(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, $"SELECT document FROM {TableName} WHERE id = @id", ("@id", id));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task Upsert(DbTransaction transaction, ReadModelRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Sql.Execute(transaction,
            $"INSERT INTO {TableName} (id, status, customer_id, created_at, document) VALUES (@id, @status, @customer, @created, @document) " +
            "ON CONFLICT (id) DO UPDATE SET status = excluded.status, customer_id = excluded.customer_id, document = excluded.document",
            cancellationToken, ("@id", row.Id), ("@status", row.Status), ("@customer", row.CustomerId),
            ("@created", row.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)), ("@document", row.Document));
    }

    public Task Reset(DbTransaction transaction, CancellationToken cancellationToken) => Sql.Execute(transaction, $"DELETE FROM {TableName}", cancellationToken);

    /// <summary>One page of documents, newest first, and the number of all matching rows.</summary>
    public async Task<(IReadOnlyList<string> Documents, long Total)> Page(DbConnection connection, string? status, string? customerId, int page, int pageSize, CancellationToken cancellationToken)
    {
        const string Filter = "WHERE (@status IS NULL OR status = @status) AND (@customer IS NULL OR customer_id = @customer)";
        (string, object?)[] filter = [("@status", status), ("@customer", customerId)];
        long total;
        await using (var count = Sql.Command(connection, null, $"SELECT COUNT(*) FROM {TableName} {Filter}", filter))
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        await using var query = Sql.Command(connection, null, $"SELECT document FROM {TableName} {Filter} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset",
            [.. filter, ("@limit", pageSize), ("@offset", (long)(page - 1) * pageSize)]);
        var documents = new List<string>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) documents.Add(reader.GetString(0));
        return (documents, total);
    }
}
