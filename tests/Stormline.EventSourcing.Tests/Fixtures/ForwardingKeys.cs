using System.Data.Common;
using Stormline.EventSourcing.PersonalData;

namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>A real key store passed through; a test overrides the one call it observes or changes.</summary>
public class ForwardingKeys(ISubjectKeys keys) : ISubjectKeys
{
    public virtual Task<IReadOnlyDictionary<string, SubjectKey>> KeysFor(IReadOnlyCollection<string> subjects, DbTransaction? transaction, CancellationToken cancellationToken) =>
        keys.KeysFor(subjects, transaction, cancellationToken);

    public virtual Task<IReadOnlyDictionary<string, byte[]>> Find(IReadOnlyCollection<string> keyIds, DbTransaction? transaction, CancellationToken cancellationToken) =>
        keys.Find(keyIds, transaction, cancellationToken);

    public Task<int> Forget(string subject, string? reason, CancellationToken cancellationToken) => keys.Forget(subject, reason, cancellationToken);
}
