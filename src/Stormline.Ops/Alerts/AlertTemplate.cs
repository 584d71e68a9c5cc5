using System.Text.RegularExpressions;

namespace Stormline.Ops.Alerts;

/// <summary>Renders the one construct the default rules' annotations use, <c>{{ $labels.name }}</c>, exactly as Prometheus does.</summary>
internal static partial class AlertTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> labels) =>
        LabelReference().Replace(template, m => labels.TryGetValue(m.Groups["name"].Value, out var value) ? value : "");

    [GeneratedRegex(@"\{\{\s*\$labels\.(?<name>[a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")]
    private static partial Regex LabelReference();
}
