using System.Data.Common;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// Keys kept in another database than the events (e.g. a SQLite file on another volume, left out of the event store's
/// backups): the caller's store transaction belongs to the other database, so every call runs in the key store's own.
/// </summary>
public sealed class SeparateKeyStore(ISubjectKeys keys) : ISubjectKeys
{
    public Task<IReadOnlyDictionary<string, SubjectKey>> KeysFor(IReadOnlyCollection<string> subjects, DbTransaction? transaction, CancellationToken cancellationToken) =>
        keys.KeysFor(subjects, null, cancellationToken);

    public Task<IReadOnlyDictionary<string, byte[]>> Find(IReadOnlyCollection<string> keyIds, DbTransaction? transaction, CancellationToken cancellationToken) =>
        keys.Find(keyIds, null, cancellationToken);

    public Task<int> Forget(string subject, string? reason, CancellationToken cancellationToken) => keys.Forget(subject, reason, cancellationToken);
}
