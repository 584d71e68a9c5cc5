using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stormline.Hosting;

/// <summary>The JSON shape of the services' documents and HTTP bodies: camelCase, enums by name.</summary>
public static class HostingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
