using Microsoft.AspNetCore.Http;

namespace Stormline.Registry.Rest;

/// <summary>
/// Confluent's default context, <c>:.:</c>: a subject written <c>:.:orders-value</c> is <c>orders-value</c>. This
/// registry has only the default context, so the prefix is dropped wherever a subject or subject prefix arrives.
/// </summary>
internal sealed class DefaultContext : IEndpointFilter
{
    public const string Prefix = ":.:";

    public static string Strip(string subject) => subject.StartsWith(Prefix, StringComparison.Ordinal) ? subject[Prefix.Length..] : subject;

    public static string? StripPrefix(string? subjectPrefix) => subjectPrefix is null ? null : Strip(subjectPrefix) is { Length: > 0 } rest ? rest : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.RouteValues.TryGetValue("subject", out var value) && value is string subject && Strip(subject) is var bare && bare != subject)
        {
            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is string argument && argument == subject)
                {
                    context.Arguments[i] = bare; // the handler's {subject} parameter
                }
            }
        }

        return next(context);
    }
}
