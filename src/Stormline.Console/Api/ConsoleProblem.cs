using Microsoft.AspNetCore.Http;

namespace Stormline.OpsConsole.Api;

/// <summary>A request the console refuses: becomes an RFC 9457 problem+json with <see cref="Status"/>; nothing was changed.</summary>
internal sealed class ConsoleProblem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public static ConsoleProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ConsoleProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ConsoleProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
}
