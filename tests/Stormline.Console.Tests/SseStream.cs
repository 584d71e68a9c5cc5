using System.Text.Json.Nodes;

namespace Stormline.OpsConsole.Tests;

/// <summary>Reads a text/event-stream response event by event, as a browser's parser does (event: and data: lines, a blank line ends one).</summary>
internal sealed class SseStream(HttpResponseMessage response) : IDisposable
{
    private StreamReader? _reader;

    public HttpResponseMessage Response => response;

    /// <returns>The next event, or null when the server closed the stream.</returns>
    public async Task<(string Type, JsonNode? Data)?> NextAsync(TimeSpan timeout)
    {
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cancel = new CancellationTokenSource(timeout);
        string type = "message", data = "";
        while (await _reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (type, JsonNode.Parse(data));
                }

                continue;
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data += line[5..].TrimStart();
            }
        }

        return null;
    }

    /// <summary>The next event that is not a heartbeat.</summary>
    public async Task<(string Type, JsonNode? Data)> ExpectAsync(string type)
    {
        while (true)
        {
            var next = await NextAsync(TimeSpan.FromSeconds(45)) ?? throw new InvalidOperationException($"The stream ended before a '{type}' event.");
            if (next.Type != "heartbeat")
            {
                Assert.Equal(type, next.Type);
                return next;
            }
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        response.Dispose();
    }
}
