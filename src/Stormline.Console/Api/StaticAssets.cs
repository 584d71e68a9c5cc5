using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stormline.OpsConsole.Api;

/// <summary>Serves the UI from resources embedded in this assembly (wwwroot/*): one binary, nothing fetched from elsewhere.</summary>
internal static class StaticAssets
{
    private static readonly Assembly Assembly = typeof(StaticAssets).Assembly;

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/assets/{*file}", (string file) => Asset("assets/" + file));
        return app;
    }

    private static IResult Asset(string file)
    {
        var stream = Assembly.GetManifestResourceStream("wwwroot/" + file);
        if (stream is null || file.Contains("..", StringComparison.Ordinal))
        {
            stream?.Dispose();
            return Results.NotFound();
        }

        return Results.Stream(stream, ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream"));
    }
}
