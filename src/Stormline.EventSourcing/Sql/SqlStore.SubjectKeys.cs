using System.Data.Common;
using System.Security.Cryptography;
using Stormline.EventSourcing.PersonalData;

namespace Stormline.EventSourcing.Sql;

/// <summary>Data keys in the store's own <c>subject_keys</c> table, erasures in <c>erasures</c> (scripts 006 SQLite, 008 PostgreSQL).</summary>
public abstract partial class SqlStore : ISubjectKeys
{
    /// <summary>Seals personal fields at append and opens them at read; null (the default) stores events as given.</summary>
    public PersonalDataProtection? PersonalData { get; set; }

    /// <summary>
    /// Drops whatever the store keeps in memory of recently appended events (their personal fields are open there),
    /// so reads after an erasure go to the database. <see cref="Forget"/> calls it; call it too after forgetting
    /// through keys kept elsewhere (<see cref="SeparateKeyStore"/>).
    /// </summary>
    public virtual void ForgetRecentEvents()
    {
    }

    public async Task<SubjectKey> KeyFor(string subject, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        if (transaction is null) return await InTransaction((tx, ct) => KeyFor(subject, tx, ct), cancellationToken);
        if (await CurrentKey(subject, transaction, cancellationToken) is { } existing) return existing;

        // Two appends for a new subject may race: the loser's insert does nothing and both read the winner's key.
        await using (var insert = Command(transaction, _sql.InsertSubjectKey, ("@key_id", Guid.CreateVersion7().ToString("N")), ("@subject", subject),
            ("@key", RandomNumberGenerator.GetBytes(SubjectKey.KeyBytes)), ("@now", DateTimeOffset.UtcNow)))
            await insert.ExecuteNonQueryAsync(cancellationToken);
        return await CurrentKey(subject, transaction, cancellationToken) ?? throw new InvalidOperationException($"No key was stored for subject '{subject}'.");
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> Find(IReadOnlyCollection<string> keyIds, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (keyIds.Count == 0) return found;
        await using var connection = transaction is null ? await OpenConnection(cancellationToken) : null;
        await using var query = Command(connection ?? transaction!.Connection!, transaction, _sql.FindSubjectKeys, ("@ids", _dialect.TextList(keyIds)));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[reader.GetString(0)] = reader.GetFieldValue<byte[]>(1);
        return found;
    }

    public async Task<int> Forget(string subject, string? reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var deleted = await DeleteSubjectKeys(subject, reason, cancellationToken);
        ForgetRecentEvents();
        return deleted;
    }

    private Task<int> DeleteSubjectKeys(string subject, string? reason, CancellationToken cancellationToken) =>
        InTransaction(async (transaction, ct) =>
        {
            int deleted;
            await using (var delete = Command(transaction, _sql.DeleteSubjectKeys, ("@subject", subject)))
                deleted = await delete.ExecuteNonQueryAsync(ct);
            await using (var record = Command(transaction, _sql.RecordErasure, ("@subject", subject), ("@deleted", deleted), ("@reason", reason), ("@now", DateTimeOffset.UtcNow)))
                await record.ExecuteNonQueryAsync(ct);
            return deleted;
        }, cancellationToken);

    private async Task<SubjectKey?> CurrentKey(string subject, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var query = Command(transaction, _sql.SubjectKey, ("@subject", subject));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new SubjectKey(reader.GetString(0), reader.GetFieldValue<byte[]>(1)) : null;
    }
}
