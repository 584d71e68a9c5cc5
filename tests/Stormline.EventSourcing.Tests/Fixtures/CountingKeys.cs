using System.Data.Common;
using Stormline.EventSourcing.PersonalData;

namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>The real key store, counting how many subjects each KeysFor call asked for.</summary>
public sealed class CountingKeys(ISubjectKeys keys) : ForwardingKeys(keys)
{
    private readonly List<int> _calls = [];

    public IReadOnlyList<int> KeysForCalls
    {
        get
        {
            lock (_calls) return [.. _calls];
        }
    }

    public override Task<IReadOnlyDictionary<string, SubjectKey>> KeysFor(IReadOnlyCollection<string> subjects, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        lock (_calls) _calls.Add(subjects.Count);
        return base.KeysFor(subjects, transaction, cancellationToken);
    }
}
