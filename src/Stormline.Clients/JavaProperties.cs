using System.Globalization;
using System.Text;

namespace Stormline.Clients;

/// <summary>
/// Reads the Java properties format (<c>java.util.Properties.load</c>), the format of Kafka's and Confluent's
/// <c>client.properties</c>: <c>#</c>/<c>!</c> comments, <c>=</c>, <c>:</c> or whitespace between key and value,
/// backslash escapes (<c>\t \n \r \f \uXXXX</c>, any other character as itself) and lines continued with a final backslash.
/// </summary>
public static class JavaProperties
{
    /// <summary>The entries in file order; a key given twice keeps its last value.</summary>
    /// <exception cref="FormatException">A malformed <c>\u</c> escape, with its line number.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<KeyValuePair<string, string>>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimStart(Whitespace);
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            // A logical line goes on while a line ends in an odd number of backslashes; the next one's indent is dropped.
            var logical = new StringBuilder();
            while (EndsInContinuation(line) && i + 1 < lines.Length)
            {
                logical.Append(line, 0, line.Length - 1);
                line = lines[++i].TrimStart(Whitespace);
            }

            logical.Append(EndsInContinuation(line) ? line[..^1] : line);
            entries.Add(Entry(logical.ToString(), number));
        }

        return entries;
    }

    /// <summary>Reads a properties file.</summary>
    /// <exception cref="FormatException">The file is malformed; the message names it and the line.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    private static readonly char[] Whitespace = [' ', '\t', '\f'];

    private static bool EndsInContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static KeyValuePair<string, string> Entry(string line, int number)
    {
        // The key ends at the first unescaped separator: '=', ':' or whitespace.
        var end = 0;
        while (end < line.Length && !(line[end] is '=' or ':' || IsWhitespace(line[end])))
        {
            end += line[end] == '\\' ? 2 : 1;
        }

        end = Math.Min(end, line.Length);
        var valueStart = end;
        while (valueStart < line.Length && IsWhitespace(line[valueStart]))
        {
            valueStart++;
        }

        if (valueStart < line.Length && line[valueStart] is '=' or ':')
        {
            valueStart++;
            while (valueStart < line.Length && IsWhitespace(line[valueStart]))
            {
                valueStart++;
            }
        }

        return new(Unescape(line[..end], number), Unescape(line[valueStart..], number));
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\f';

    private static string Unescape(string text, int number)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var escaped = text[++i];
            switch (escaped)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u':
                    if (text.Length - i - 1 < 4
                        || !ushort.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new FormatException($"line {number}: malformed \\uXXXX escape (four hex digits are needed)");
                    }

                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(escaped); break;
            }
        }

        return result.ToString();
    }
}
