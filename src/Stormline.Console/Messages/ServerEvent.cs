using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Stormline.OpsConsole.Messages;

/// <summary>One server-sent event of the search and the live tail: a type and its data as JSON in the API's casing.</summary>
internal static class ServerEvent
{
    public static SseItem<string> Of<T>(string type, T data) => new(JsonSerializer.Serialize(data, JsonSerializerOptions.Web), type);
}
