using Level = Stormline.Registry.Rest.Contracts.Compatibility;
using Stormline.Registry.Schemas;

namespace Stormline.Registry.Checks;

/// <summary>
/// Applies a compatibility level the way Confluent does: BACKWARD/FORWARD/FULL against the latest live version, the
/// _TRANSITIVE levels against every live version newest first, stopping at the first version that breaks. Messages are
/// the incompatibilities followed by <c>{oldSchemaVersion: n}</c>, <c>{oldSchema: '…'}</c> and <c>{compatibility: '…'}</c>.
/// </summary>
internal static class CompatibilityChecker
{
    public static IReadOnlyList<string> Check(
        Level level,
        ParsedSchema candidate,
        IReadOnlyList<(int Version, ParsedSchema Schema)> previousOldestFirst,
        Func<string, SchemaFormat> formats)
    {
        if (level == Level.None || previousOldestFirst.Count == 0)
        {
            return [];
        }

        var transitive = level is Level.BackwardTransitive or Level.ForwardTransitive or Level.FullTransitive;
        var backward = level is Level.Backward or Level.BackwardTransitive or Level.Full or Level.FullTransitive;
        var forward = level is Level.Forward or Level.ForwardTransitive or Level.Full or Level.FullTransitive;
        var against = transitive ? previousOldestFirst.Reverse() : [previousOldestFirst[^1]];

        foreach (var (version, old) in against)
        {
            var problems = new List<Incompatibility>();
            if (old.SchemaType != candidate.SchemaType)
            {
                problems.Add(new Incompatibility("TYPE_MISMATCH", "/", $"the schema type changed from {old.SchemaType} to {candidate.SchemaType}"));
            }
            else
            {
                var format = formats(candidate.SchemaType);
                if (backward)
                {
                    problems.AddRange(format.CheckReadable(candidate, old, ReadRoles.NewReadsOld));
                }

                if (forward)
                {
                    problems.AddRange(format.CheckReadable(old, candidate, ReadRoles.OldReadsNew));
                }
            }

            if (problems.Count > 0)
            {
                return
                [
                    .. problems.Select(p => p.ToString()),
                    $"{{oldSchemaVersion: {version}}}",
                    $"{{oldSchema: '{old.Canonical}'}}",
                    $"{{compatibility: '{CompatibilityNames.Name(level)}'}}",
                ];
            }
        }

        return [];
    }
}
