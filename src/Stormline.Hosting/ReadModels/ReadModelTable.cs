using System.Data.Common;
using System.Globalization;
using Stormline.EventSourcing.Sql;
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
        _getMany = GetManySql();
        _upsertMany = UpsertManySql();
    }

    private readonly string[] _getMany;
    private readonly string[] _upsertMany;

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
        return UpsertMany(transaction, [row], cancellationToken);
    }

    /// <summary>
    /// The documents stored under <paramref name="ids"/> (absent ids are missing from the result), a few ids per
    /// statement. Lists are padded to a few fixed lengths by repeating an id, so the statements stay few and prepared.
    /// </summary>
    public Task<Dictionary<string, string>> GetMany(DbTransaction transaction, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return GetMany(transaction.Connection ?? throw new InvalidOperationException("The transaction has completed."), transaction, ids, cancellationToken);
    }

    /// <inheritdoc cref="GetMany(DbTransaction, IReadOnlyList{string}, CancellationToken)"/>
    public async Task<Dictionary<string, string>> GetMany(DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        var documents = new Dictionary<string, string>(ids.Count, StringComparer.Ordinal);
        for (var start = 0; start < ids.Count;)
        {
            var take = Math.Min(ids.Count - start, ListSizes[0]);
            var size = ListSizes.Last(n => n >= take);
            var parameters = new (string, object?)[size];
            for (var i = 0; i < size; i++) parameters[i] = (ListParameter(i), ids[start + Math.Min(i, take - 1)]);
            await using (var command = Sql.Command(connection, transaction, _getMany[Array.IndexOf(ListSizes, size)], parameters))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    documents[reader.GetString(0)] = reader.GetString(1);
            start += take;
        }
        return documents;
    }

    /// <summary>Inserts or replaces rows with distinct ids, several per statement (a few fixed row counts, so the statements stay prepared).</summary>
    public async Task UpsertMany(DbTransaction transaction, IReadOnlyList<ReadModelRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var (start, count, size) in StatementSizes.Split(rows.Count))
        {
            var parameters = new (string, object?)[count * 5];
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                var at = i.ToString(CultureInfo.InvariantCulture);
                parameters[i * 5] = ("@id" + at, row.Id);
                parameters[i * 5 + 1] = ("@status" + at, row.Status);
                parameters[i * 5 + 2] = ("@customer" + at, row.CustomerId);
                parameters[i * 5 + 3] = ("@created" + at, row.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
                parameters[i * 5 + 4] = ("@document" + at, row.Document);
            }
            await using var command = Sql.Command(transaction, _upsertMany[size], parameters);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // Largest first: GetMany pads a short list up to the next of these lengths (UpsertMany splits by StatementSizes).
    private static readonly int[] ListSizes = [256, 64, 16, 4, 1];

    private static string ListParameter(int i) => "@i" + i.ToString(CultureInfo.InvariantCulture);

    private string[] GetManySql() =>
        [.. ListSizes.Select(n => $"SELECT id, document FROM {TableName} WHERE id IN ({string.Join(", ", Enumerable.Range(0, n).Select(ListParameter))})")];

    private string[] UpsertManySql() =>
        [.. StatementSizes.Rows.Select(n =>
            $"INSERT INTO {TableName} (id, status, customer_id, created_at, document) VALUES " +
            string.Join(", ", Enumerable.Range(0, n).Select(i => $"(@id{i}, @status{i}, @customer{i}, @created{i}, @document{i})")) +
            " ON CONFLICT (id) DO UPDATE SET status = excluded.status, customer_id = excluded.customer_id, document = excluded.document")];

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
