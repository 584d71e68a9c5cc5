using Stormline.Registry.Checks;

namespace Stormline.Cli.Schemas;

/// <summary>Field-level changes as text: one line per change, then one line per direction it breaks, with the check's reason.</summary>
public static class SchemaChangeReport
{
    public static void Write(IReadOnlyList<FieldChange> changes, TextWriter output)
    {
        foreach (var change in changes)
        {
            var what = (change.Before, change.After) switch
            {
                (null, null) => "",
                (null, var after) => after,
                (var before, null) => before,
                var (before, after) => $"{before} → {after}",
            };
            var levels = change.BrokenLevels;
            output.WriteLine($"    {change.Kind,-15} {(change.Path.Length == 0 ? "(schema)" : change.Path),-24} {what}");
            output.WriteLine(levels.Count == 0 ? "        compatible: BACKWARD, FORWARD, FULL" : $"        breaks {string.Join(", ", levels)}");
            foreach (var reason in change.Breaks)
            {
                output.WriteLine($"          {reason.Level}: {reason.ErrorType}: {reason.Reason}");
            }
        }
    }
}
