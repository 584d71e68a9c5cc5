namespace Stormline.EventSourcing.Sql;

/// <summary>
/// Splits a list of rows into multi-row statements of a few fixed sizes, largest first, so each size's statement text
/// is prepared once and reused whatever the list's length (inbox marks, read-model rows).
/// </summary>
public static class StatementSizes
{
    /// <summary>The default sizes: a row count splits into at most a few statements of each.</summary>
    public static IReadOnlyList<int> Rows { get; } = [64, 16, 4, 1];

    /// <summary>(first row, rows, index of the size in <see cref="Rows"/>) for each statement covering <paramref name="count"/> rows.</summary>
    public static IEnumerable<(int Start, int Count, int Size)> Split(int count)
    {
        for (var start = 0; start < count;)
        {
            var size = 0;
            while (Rows[size] > count - start) size++;
            yield return (start, Rows[size], size);
            start += Rows[size];
        }
    }
}
