using System.Text.Json;

namespace Stormline.Broker.Codegen;

/// <summary>One field of a message or struct definition.</summary>
public sealed class FieldSpec
{
    public required string Name { get; init; }

    /// <summary>The type as written: a primitive, a struct name, or "[]" and either.</summary>
    public required string Type { get; init; }

    public required VersionRange Versions { get; init; }

    public required VersionRange NullableVersions { get; init; }

    public required VersionRange TaggedVersions { get; init; }

    public int? Tag { get; init; }

    /// <summary>
    /// Classic encoding in every version (<c>"flexibleVersions": "none"</c>): the request header's client id, which
    /// any broker must read before it knows whether the request is flexible.
    /// </summary>
    public bool NeverFlexible { get; init; }

    public string? Default { get; init; }

    public string? About { get; init; }

    /// <summary>Inline struct fields, when this field declares its struct type.</summary>
    public IReadOnlyList<FieldSpec>? Fields { get; init; }

    public bool IsArray => Type.StartsWith("[]", StringComparison.Ordinal);

    public string ElementType => IsArray ? Type[2..] : Type;

    public bool IsNullable => !NullableVersions.IsEmpty;

    public bool IsTagged => !TaggedVersions.IsEmpty;

    public static FieldSpec Parse(JsonElement json, string owner)
    {
        var name = json.GetProperty("name").GetString()!;
        var flexible = Optional(json, "flexibleVersions");
        if (flexible is not null && flexible != "none")
        {
            throw new InvalidDataException($"{owner}.{name}: a field-level flexibleVersions other than \"none\" is not supported");
        }

        return new FieldSpec
        {
            Name = name,
            Type = json.GetProperty("type").GetString()!,
            Versions = VersionRange.Parse(json.GetProperty("versions").GetString()),
            NullableVersions = VersionRange.Parse(Optional(json, "nullableVersions")),
            TaggedVersions = VersionRange.Parse(Optional(json, "taggedVersions")),
            NeverFlexible = flexible == "none",
            Tag = json.TryGetProperty("tag", out var tag) ? tag.GetInt32() : null,
            Default = json.TryGetProperty("default", out var d) ? (d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText()) : null,
            About = Optional(json, "about"),
            Fields = json.TryGetProperty("fields", out var fields) ? fields.EnumerateArray().Select(f => Parse(f, $"{owner}.{name}")).ToList() : null,
        };
    }

    private static string? Optional(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) ? value.GetString() : null;
}
