using Stormline.Model.Generation;
using System.Text.RegularExpressions;

namespace Stormline.Cli.Schemas;

/// <summary>The schema commands' output: one row per subject, the reasons under each breaking one.</summary>
public static partial class SchemaTable
{
    public static void PrintVerdicts(IReadOnlyList<SchemaVerdict> verdicts, TextWriter output)
    {
        Print(output, ["SUBJECT", "VERSION", "LEVEL", "VERDICT"], verdicts.Select(v => new[]
        {
            v.Schema.Subject,
            v.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            v.Level,
            v.Kind switch
            {
                VerdictKind.Unchanged => "unchanged",
                VerdictKind.New => "new subject",
                VerdictKind.Compatible => "compatible",
                _ => "BREAKING",
            },
        }).ToList(), verdicts.Select(v => v.Reasons).ToList());
    }

    public static void PrintRegistered(IReadOnlyList<(EventSchema Schema, int Id, int? Version, bool Added)> rows, TextWriter output) =>
        Print(output, ["SUBJECT", "VERSION", "ID", "STATUS"], rows.Select(r => new[]
        {
            r.Schema.Subject, r.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Added ? "registered" : "unchanged",
        }).ToList(), null);

    /// <summary>
    /// The readable part of a registry message: Confluent's <c>{errorType:'…', description:'…', additionalInfo:'…'}</c>
    /// becomes "TYPE: description"; the context lines (old schema, version, level) are left out; others are kept as they are.
    /// </summary>
    public static IReadOnlyList<string> Reasons(IReadOnlyList<string> messages)
    {
        var reasons = messages
            .Where(m => !m.StartsWith("{oldSchema", StringComparison.Ordinal) && !m.StartsWith("{compatibility:", StringComparison.Ordinal))
            .Select(m => Confluent().Match(m) is { Success: true } match ? $"{match.Groups["type"].Value}: {match.Groups["description"].Value}" : m)
            .ToList();
        return reasons.Count > 0 ? reasons : ["the registry gave no reason (it may not support verbose compatibility answers)"];
    }

    private static void Print(TextWriter output, string[] headers, IReadOnlyList<string[]> rows, IReadOnlyList<IReadOnlyList<string>>? details)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty().Max())).ToArray();
        output.WriteLine(Line(headers, widths));
        for (var i = 0; i < rows.Count; i++)
        {
            output.WriteLine(Line(rows[i], widths));
            foreach (var detail in details?[i] ?? [])
            {
                output.WriteLine($"    - {detail}");
            }
        }
    }

    private static string Line(string[] cells, int[] widths) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();

    [GeneratedRegex(@"^\{errorType:'(?<type>[^']*)', description:'(?<description>.*)', additionalInfo:'[^']*'\}$", RegexOptions.Singleline)]
    private static partial Regex Confluent();
}
