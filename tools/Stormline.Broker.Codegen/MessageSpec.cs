using System.Text.Json;

namespace Stormline.Broker.Codegen;

/// <summary>One of Kafka's message definitions (clients/src/main/resources/common/message/*.json): a request, a response or a header.</summary>
public sealed class MessageSpec
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public required string Name { get; init; }

    /// <summary>The API key; null for the request and response headers.</summary>
    public required short? ApiKey { get; init; }

    public required string Kind { get; init; }

    public required VersionRange ValidVersions { get; init; }

    public required VersionRange FlexibleVersions { get; init; }

    public required IReadOnlyList<FieldSpec> Fields { get; init; }

    /// <summary>Structs shared by several fields of the message, referred to by name.</summary>
    public required IReadOnlyList<(string Name, IReadOnlyList<FieldSpec> Fields)> CommonStructs { get; init; }

    public static MessageSpec Parse(string json)
    {
        using var document = JsonDocument.Parse(json, Lenient);
        var root = document.RootElement;
        var name = root.GetProperty("name").GetString()!;
        return new MessageSpec
        {
            Name = name,
            ApiKey = root.TryGetProperty("apiKey", out var key) ? key.GetInt16() : null,
            Kind = root.GetProperty("type").GetString()!,
            ValidVersions = VersionRange.Parse(root.GetProperty("validVersions").GetString()),
            FlexibleVersions = VersionRange.Parse(root.GetProperty("flexibleVersions").GetString()),
            Fields = root.GetProperty("fields").EnumerateArray().Select(f => FieldSpec.Parse(f, name)).ToList(),
            CommonStructs = root.TryGetProperty("commonStructs", out var common)
                ? common.EnumerateArray()
                    .Select(s => (s.GetProperty("name").GetString()!, (IReadOnlyList<FieldSpec>)s.GetProperty("fields").EnumerateArray().Select(f => FieldSpec.Parse(f, name)).ToList()))
                    .ToList()
                : [],
        };
    }
}
