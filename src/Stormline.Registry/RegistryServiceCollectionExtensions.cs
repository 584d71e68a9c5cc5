using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stormline.Registry;

/// <summary>Registers the schema registry's services; pair with <c>MapSchemaRegistryApi()</c>.</summary>
public static class RegistryServiceCollectionExtensions
{
    public static IServiceCollection AddSchemaRegistry(this IServiceCollection services, Action<RegistryOptions>? configure = null)
    {
        services.AddOptions<RegistryOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<SchemaRegistry>();
        return services;
    }
}
