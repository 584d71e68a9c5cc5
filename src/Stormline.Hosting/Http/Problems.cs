using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Stormline.Hosting.Http;

/// <summary>RFC 9457 problem+json answers that name what was wrong.</summary>
public static class Problems
{
    /// <summary>400 with "errors": {field: [message]}; the detail repeats the first so a human sees it at once.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var first = errors.First();
        return TypedResults.ValidationProblem(errors, detail: $"{first.Key}: {first.Value[0]}", title: "The request is invalid.");
    }

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.", detail: $"There is no {what.ToLowerInvariant()} with id '{id}'.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The request conflicts with the current state.", detail: detail);
}
