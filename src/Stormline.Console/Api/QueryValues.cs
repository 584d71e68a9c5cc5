using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Stormline.OpsConsole.Api;

/// <summary>Query and route values parsed by hand, so a malformed number is a 400 problem naming the parameter.</summary>
internal static class QueryValues
{
    public static int? Int(HttpRequest request, string name) => Parse<int>(request.Query[name].ToString(), name, int.TryParse);

    public static long? Long(HttpRequest request, string name) => Parse<long>(request.Query[name].ToString(), name, long.TryParse);

    public static string? Text(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    public static T Route<T>(string text, string name, TryParser<T> parse) where T : struct =>
        Parse(text, name, parse) ?? throw ConsoleProblem.BadRequest($"'{name}' is required.");

    public delegate bool TryParser<T>(string? text, NumberStyles styles, IFormatProvider provider, out T value);

    private static T? Parse<T>(string text, string name, TryParser<T> parse) where T : struct
    {
        if (text.Length == 0)
        {
            return null;
        }

        return parse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ConsoleProblem.BadRequest($"'{name}' must be a non-negative whole number (got '{text}').");
    }
}
