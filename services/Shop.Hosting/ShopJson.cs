using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Hosting;

/// <summary>The JSON shape of the services' documents and HTTP bodies: camelCase, enums by name.</summary>
public static class ShopJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
