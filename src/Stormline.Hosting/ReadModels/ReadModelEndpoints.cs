using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Stormline.Hosting.Http;

namespace Stormline.Hosting.ReadModels;

/// <summary>
/// The operator endpoints for read models: <c>GET /stormline/read-models</c> (each one's version and rebuild),
/// <c>POST /stormline/read-models/{name}/rebuild</c> (202, or 409 when one runs) and <c>GET …/rebuild</c> (progress).
/// The service has no user authentication of its own: keep /stormline/* on the operators' network, like /metrics.
/// </summary>
public static class ReadModelEndpoints
{
    public static IEndpointRouteBuilder MapReadModelRebuilds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/stormline/read-models").WithTags("Read models");
        group.MapGet("/", List).Produces<IReadOnlyList<RebuildProgress>>().WithSummary("Every read model with its live version and any rebuild in progress.");
        group.MapGet("/{name}/rebuild", Progress).Produces<RebuildProgress>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("How far a read model's rebuild has got: position, events/s, ETA; state idle once swapped in.");
        group.MapPost("/{name}/rebuild", Start).Produces<RebuildProgress>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Rebuild a read model from the start of the log beside the live one; queries read the live one until the swap.");
        return app;
    }

    private static async Task<IResult> List(ReadModelRebuilds rebuilds, CancellationToken ct)
    {
        var all = new List<RebuildProgress>();
        foreach (var name in rebuilds.Names.Order(StringComparer.Ordinal)) all.Add(await rebuilds.Progress(name, ct));
        return TypedResults.Ok(all);
    }

    private static async Task<IResult> Progress(string name, ReadModelRebuilds rebuilds, CancellationToken ct) =>
        rebuilds.Contains(name) ? TypedResults.Ok(await rebuilds.Progress(name, ct)) : Unknown(name, rebuilds);

    private static async Task<IResult> Start(string name, HttpRequest request, ReadModelRebuilds rebuilds, CancellationToken ct)
    {
        if (!rebuilds.Contains(name)) return Unknown(name, rebuilds);
        if (await rebuilds.Request(name, ct) is { } started)
            return TypedResults.Accepted($"{request.PathBase}/stormline/read-models/{name}/rebuild", started);
        var running = await rebuilds.Progress(name, ct);
        return Problems.Conflict($"A rebuild of read model '{name}' (version {running.TargetVersion}) is already running, {running.Percent}% done; " +
            $"follow it with GET /stormline/read-models/{name}/rebuild.");
    }

    private static ProblemHttpResult Unknown(string name, ReadModelRebuilds rebuilds) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Read model not found.",
            detail: $"There is no read model '{name}'; this service has: {string.Join(", ", rebuilds.Names.Order(StringComparer.Ordinal))}.");
}
