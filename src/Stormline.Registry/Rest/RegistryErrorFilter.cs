using Microsoft.AspNetCore.Http;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Rest;

/// <summary>Turns a <see cref="RegistryException"/> into Confluent's error body with its HTTP status.</summary>
internal sealed class RegistryErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RegistryException ex)
        {
            return Error(ex);
        }
    }

    public static IResult Error(RegistryException ex) =>
        Results.Json(new ErrorResponse(ex.ErrorCode, ex.Message), RegistryHttp.Json, RegistryHttp.ContentType, ex.Status);
}
