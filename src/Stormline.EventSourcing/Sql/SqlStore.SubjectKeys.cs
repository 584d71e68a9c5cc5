using System.Data.Common;
using System.Globalization;
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

    public async Task<SubjectKey> KeyFor(string subject, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await KeysFor([subject], transaction, cancellationToken))[subject];

    /// <summary>
    /// One statement reads the keys of all <paramref name="subjects"/>; the missing ones are created in one more
    /// (multi-row, in the caller's transaction). Without a transaction the read runs on its own connection and only a
    /// creation takes a write transaction.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, SubjectKey>> KeysFor(IReadOnlyCollection<string> subjects, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        foreach (var subject in subjects) ArgumentException.ThrowIfNullOrEmpty(subject, nameof(subjects));
        var keys = new Dictionary<string, SubjectKey>(StringComparer.Ordinal);
        if (subjects.Count == 0) return keys;
        if (transaction is null)
        {
            await using (var connection = await OpenConnection(cancellationToken))
                await ReadKeys(subjects, connection, null, keys, cancellationToken);
            if (Missing(subjects, keys) is not { } missing) return keys;
            var created = await InTransaction((tx, ct) => KeysFor(missing, tx, ct), cancellationToken);
            foreach (var (subject, key) in created) keys[subject] = key;
            return keys;
        }

        await ReadKeys(subjects, transaction.Connection!, transaction, keys, cancellationToken);
        if (Missing(subjects, keys) is not { } absent) return keys;
        await CreateKeys(absent, transaction, keys, cancellationToken);
        // Two appends for a new subject may race: the loser's insert does nothing and it reads the winner's key.
        if (Missing(absent, keys) is { } raced) await ReadKeys(raced, transaction.Connection!, transaction, keys, cancellationToken);
        return Missing(absent, keys) is { } lost
            ? throw new InvalidOperationException($"No key was stored for subject '{lost[0]}'.")
            : keys;
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

    private async Task ReadKeys(IReadOnlyCollection<string> subjects, DbConnection connection, DbTransaction? transaction, Dictionary<string, SubjectKey> keys, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, _sql.SubjectKeysOf, ("@subjects", _dialect.TextList(subjects)));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys[reader.GetString(1)] = new SubjectKey(reader.GetString(0), reader.GetFieldValue<byte[]>(2));
    }

    /// <summary>Inserts a random key for each subject, a few multi-row statements for any count; adds the rows it created.</summary>
    private async Task CreateKeys(string[] subjects, DbTransaction transaction, Dictionary<string, SubjectKey> keys, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (start, count, size) in StatementSizes.Split(subjects.Length))
        {
            var parameters = new (string, object?)[1 + 3 * count];
            parameters[0] = ("@now", now);
            for (var i = 0; i < count; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                parameters[1 + 3 * i] = ("@key_id" + n, Guid.CreateVersion7().ToString("N"));
                parameters[2 + 3 * i] = ("@subject" + n, subjects[start + i]);
                parameters[3 + 3 * i] = ("@key" + n, RandomNumberGenerator.GetBytes(SubjectKey.KeyBytes));
            }
            await using var command = Command(transaction, _sql.InsertSubjectKeysMany[size], parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                keys[reader.GetString(1)] = new SubjectKey(reader.GetString(0), reader.GetFieldValue<byte[]>(2));
        }
    }

    /// <summary>The distinct subjects without a key yet; null when none is missing.</summary>
    private static string[]? Missing(IReadOnlyCollection<string> subjects, Dictionary<string, SubjectKey> keys)
    {
        List<string>? missing = null;
        foreach (var subject in subjects)
            if (!keys.ContainsKey(subject) && !(missing?.Contains(subject) ?? false)) (missing ??= []).Add(subject);
        return missing?.ToArray();
    }
}
