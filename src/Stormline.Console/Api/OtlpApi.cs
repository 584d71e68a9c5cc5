using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stormline.OpsConsole.Tracing;

namespace Stormline.OpsConsole.Api;

/// <summary>
/// OTLP/HTTP receiver (protobuf): services point <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> at the console
/// (<c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>) and their spans appear in the order journey. Metrics and logs
/// sent to the same endpoint are accepted and dropped (the console reads metrics by scraping), so exporters do not retry.
/// </summary>
internal static class OtlpApi
{
    private const long MaxBody = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/traces", async (HttpRequest request, SpanStore store) =>
        {
            List<ReceivedSpan> spans;
            try
            {
                spans = OtlpTraces.Read(await ReadAsync(request));
            }
            catch (InvalidDataException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad OTLP request", detail: ex.Message);
            }

            store.Add(spans);
            return Empty();
        });
        app.MapPost("/v1/metrics", Empty);
        app.MapPost("/v1/logs", Empty);
        return app;
    }

    /// <summary>An empty Export*ServiceResponse: zero bytes of protobuf, all accepted.</summary>
    private static IResult Empty() => Results.Bytes([], "application/x-protobuf");

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBody)
        {
            throw ConsoleProblem.BadRequest($"OTLP request over {MaxBody / 1024 / 1024} MiB.");
        }

        using var buffer = new MemoryStream();
        var source = request.Headers.ContentEncoding.ToString() == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        await using (source)
        {
            await source.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }
}
