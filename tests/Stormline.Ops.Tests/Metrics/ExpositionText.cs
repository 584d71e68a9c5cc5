using System.Text.RegularExpressions;

namespace Stormline.Ops.Tests.Metrics;

/// <summary>The samples of a Prometheus text exposition, parsed just enough to check names, label sets and values.</summary>
internal sealed partial record ExpositionSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public static IReadOnlyList<ExpositionSample> Parse(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(ParseLine).ToList();

    private static ExpositionSample ParseLine(string line)
    {
        var match = Sample().Match(line);
        Assert.True(match.Success, $"not a sample line: {line}");
        var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["k"].Value, m => m.Groups["v"].Value);
        return new ExpositionSample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<v>(\\.|[^""\\])*)""")]
    private static partial Regex Label();
}
