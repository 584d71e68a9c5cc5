namespace Stormline.Model.Elements;

/// <summary>The built-in field types; every other type name must be a value object or enum declared in the model.</summary>
public static class PrimitiveType
{
    public const string String = "string";
    public const string Int = "int";
    public const string Long = "long";
    public const string Double = "double";
    public const string Decimal = "decimal";
    public const string Bool = "bool";
    public const string Timestamp = "timestamp";
    public const string Date = "date";
    public const string Uuid = "uuid";
    public const string Bytes = "bytes";

    public static IReadOnlyList<string> All { get; } = [String, Int, Long, Double, Decimal, Bool, Timestamp, Date, Uuid, Bytes];

    public static bool IsPrimitive(string name) => All.Contains(name, StringComparer.Ordinal);
}
