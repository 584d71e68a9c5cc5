using System.Reflection;
using System.Text.Json.Serialization;

namespace Stormline.Registry.Checks;

/// <summary>Wire names of levels and modes, read from their <see cref="JsonStringEnumMemberNameAttribute"/> so there is one spelling.</summary>
internal static class CompatibilityNames
{
    public static string Name<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name;

    /// <summary>Parses a wire name case-insensitively, as Confluent upper-cases what it is given.</summary>
    public static T? Parse<T>(string? name) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => string.Equals(Name(v!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
