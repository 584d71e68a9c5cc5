using System.Data.Common;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// Where data keys live: the service's own store by default (<see cref="Sql.SqlStore"/>), or a key store of the
/// deployment's choosing. A transaction, when given, is the caller's store transaction; a key store elsewhere ignores it.
/// Implementations never cache keys across calls: an erasure must hold for the next call on every replica.
/// </summary>
public interface ISubjectKeys
{
    /// <summary>The current key of each of <paramref name="subjects"/>, those missing created (random, 256-bit) in one go.</summary>
    Task<IReadOnlyDictionary<string, SubjectKey>> KeysFor(IReadOnlyCollection<string> subjects, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>The keys that still exist among <paramref name="keyIds"/>; an erased one is simply absent.</summary>
    Task<IReadOnlyDictionary<string, byte[]>> Find(IReadOnlyCollection<string> keyIds, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Deletes every key of the subject and records the erasure; returns how many keys went (0: nothing was stored for it).</summary>
    Task<int> Forget(string subject, string? reason, CancellationToken cancellationToken);

    /// <summary>The subject's current key, created on first use.</summary>
    async Task<SubjectKey> KeyFor(string subject, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await KeysFor([subject], transaction, cancellationToken))[subject];
}
