using System.Globalization;

namespace Stormline.Broker.Codegen;

/// <summary>How a Kafka field type maps onto C#: the property type, its initial value, and the reader/writer calls.</summary>
internal static class CSharpType
{
    private static readonly Dictionary<string, (string Type, string Read, string Write)> Numbers = new()
    {
        ["bool"] = ("bool", "ReadBool", "WriteBool"),
        ["int8"] = ("sbyte", "ReadInt8", "WriteInt8"),
        ["int16"] = ("short", "ReadInt16", "WriteInt16"),
        ["uint16"] = ("ushort", "ReadUInt16", "WriteUInt16"),
        ["int32"] = ("int", "ReadInt32", "WriteInt32"),
        ["uint32"] = ("uint", "ReadUInt32", "WriteUInt32"),
        ["int64"] = ("long", "ReadInt64", "WriteInt64"),
        ["float64"] = ("double", "ReadFloat64", "WriteFloat64"),
        ["uuid"] = ("Guid", "ReadUuid", "WriteUuid"),
    };

    public static bool IsFixedWidth(string type) => Numbers.ContainsKey(type);

    public static bool IsStruct(string type) => !IsFixedWidth(type) && type is not ("string" or "bytes" or "records");

    /// <summary>int16 error codes are typed as the broker's <c>ErrorCode</c> so handlers set them without casts.</summary>
    public static bool IsErrorCode(FieldSpec field) => field.Type == "int16" && field.Name.EndsWith("ErrorCode", StringComparison.Ordinal);

    public static (string Type, string Read, string Write) Number(string type) => Numbers[type];

    public static string Element(FieldSpec field, string type) => type switch
    {
        "string" => "string",
        "bytes" or "records" => "ReadOnlyMemory<byte>",
        _ when IsErrorCode(field) => "ErrorCode",
        _ when Numbers.TryGetValue(type, out var number) => number.Type,
        _ => type,
    };

    public static string Property(FieldSpec field, Func<string, string> structName)
    {
        var element = CSharpType.IsStruct(field.ElementType) ? structName(field.ElementType) : Element(field, field.ElementType);
        var type = field.IsArray ? $"List<{element}>" : element;
        return field.IsNullable || field.Type == "records" ? type + "?" : type;
    }

    public static string Initial(FieldSpec field)
    {
        var isNull = field.Default == "null" || (field.Type == "records" && field.Default is null);
        if (field.IsArray)
        {
            return isNull ? "null" : "[]";
        }

        switch (field.Type)
        {
            case "string":
                return isNull ? "null" : Literal(field.Default ?? string.Empty);
            case "bytes":
            case "records":
                return isNull ? "null" : "ReadOnlyMemory<byte>.Empty";
            case "bool":
                return field.Default is null ? "false" : bool.Parse(field.Default) ? "true" : "false";
            case "uuid":
                return "Guid.Empty";
            case "float64":
                return (field.Default is null ? 0d : double.Parse(field.Default, CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture) + "d";
        }

        if (IsFixedWidth(field.Type))
        {
            var value = ParseInteger(field.Default);
            if (IsErrorCode(field))
            {
                return value == 0 ? "ErrorCode.None" : $"(ErrorCode)({value})";
            }

            return value.ToString(CultureInfo.InvariantCulture);
        }

        return isNull ? "null" : "new()";
    }

    /// <summary>A condition that holds when the property differs from its initial value (tagged fields are written only then).</summary>
    public static string DiffersFromDefault(FieldSpec field, string access)
    {
        var initial = Initial(field);
        if (initial == "null")
        {
            return $"{access} is not null";
        }

        if (field.IsArray)
        {
            return field.IsNullable ? $"{access} is not {{ Count: 0 }}" : $"{access}.Count > 0";
        }

        return field.Type switch
        {
            "bytes" or "records" => field.IsNullable ? $"{access} is not {{ IsEmpty: true }}" : $"!{access}.IsEmpty",
            "string" => $"!string.Equals({access}, {initial}, StringComparison.Ordinal)",
            _ when IsStruct(field.Type) => field.IsNullable ? $"{access} is not null && !{access}.EqualsDefault()" : $"!{access}.EqualsDefault()",
            _ => $"{access} != {initial}",
        };
    }

    private static long ParseInteger(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var value = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? Convert.ToInt64(digits[2..], 16)
            : long.Parse(digits, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    public static string Literal(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
