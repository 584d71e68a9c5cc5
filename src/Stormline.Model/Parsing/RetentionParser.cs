using System.Globalization;

namespace Stormline.Model.Parsing;

/// <summary>Durations as people write them in hints (<c>7d</c>, <c>12h</c>, <c>forever</c>) → Kafka's <c>retention.ms</c>.</summary>
public static class RetentionParser
{
    public static bool TryParse(string? text, out long milliseconds)
    {
        milliseconds = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text is "forever" or "-1")
        {
            milliseconds = -1;
            return true;
        }

        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0 || !long.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        long? unit = text[digits..] switch
        {
            "" or "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 604_800_000,
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }

        milliseconds = amount * unit.Value;
        return true;
    }
}
