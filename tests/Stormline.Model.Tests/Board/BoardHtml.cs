using System.Text.RegularExpressions;

namespace Stormline.Model.Tests.Board;

/// <summary>Reads the stickies back out of a rendered board page.</summary>
internal static partial class BoardHtml
{
    /// <summary>Distinct (kind, name) of every sticky in the page.</summary>
    public static HashSet<(string Kind, string Name)> Stickies(string html) =>
        StickyPattern().Matches(html).Select(m => (m.Groups["kind"].Value, System.Net.WebUtility.HtmlDecode(m.Groups["name"].Value))).ToHashSet();

    [GeneratedRegex("<div class=\"sticky [a-z]+\" data-kind=\"(?<kind>[a-z]+)\" data-name=\"(?<name>[^\"]*)\"")]
    private static partial Regex StickyPattern();
}
