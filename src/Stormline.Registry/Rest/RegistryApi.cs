using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stormline.Registry.Rest;

/// <summary>Maps the Confluent-compatible REST surface. Unknown paths are left to the host (see <see cref="SchemaRegistryHost"/>).</summary>
public static class RegistryApi
{
    public static IEndpointRouteBuilder MapSchemaRegistryApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("").AddEndpointFilter<RegistryErrorFilter>().AddEndpointFilter<DefaultContext>();
        api.MapGet("/", () => RegistryHttp.Raw("{}"));
        SchemasApi.Map(api);
        SubjectsApi.Map(api);
        CompatibilityApi.Map(api);
        ConfigApi.Map(api);

        // Serdes 2.14+ ask for an association first; an empty list makes them fall back to their subject name strategy.
        api.MapGet("/associations/resources/{ns}/{resource}", () => RegistryHttp.Raw("[]"));
        return endpoints;
    }
}
