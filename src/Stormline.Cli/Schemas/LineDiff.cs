namespace Stormline.Cli.Schemas;

/// <summary>A line diff by longest common subsequence: small inputs (schemas), so the quadratic table is fine.</summary>
public static class LineDiff
{
    /// <summary>Every line of both texts in order, prefixed "  " (both), "- " (only in <paramref name="before"/>) or "+ " (only in <paramref name="after"/>).</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var common = new int[before.Count + 1, after.Count + 1];
        for (var i = before.Count - 1; i >= 0; i--)
        {
            for (var j = after.Count - 1; j >= 0; j--)
            {
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<string>();
        int a = 0, b = 0;
        while (a < before.Count || b < after.Count)
        {
            if (a < before.Count && b < after.Count && before[a] == after[b])
            {
                lines.Add("  " + before[a++]);
                b++;
            }
            else if (a < before.Count && (b == after.Count || common[a + 1, b] >= common[a, b + 1]))
            {
                lines.Add("- " + before[a++]); // removals before additions, as diff tools show a changed line
            }
            else
            {
                lines.Add("+ " + after[b++]);
            }
        }

        return lines;
    }
}
