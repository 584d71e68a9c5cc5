using Microsoft.AspNetCore.Http;
using Stormline.Registry.Rest;

namespace Stormline.Registry.Security;

/// <summary>The role a request needs, from its method and path; anything not known to be harmless needs admin.</summary>
internal static class RegistryAccess
{
    public static RegistryRole Required(HttpRequest request)
    {
        var segments = (request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var root = segments.Length > 0 ? segments[0] : "";
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return RegistryRole.ReadOnly;
        }

        if (HttpMethods.IsPost(request.Method))
        {
            // A look-up (POST /subjects/{s}) and a compatibility check change nothing: deserializers and CI need them.
            var lookup = root == "subjects" && segments.Length == 2;
            return lookup || root == "compatibility" ? RegistryRole.ReadOnly : RegistryRole.Write;
        }

        if (HttpMethods.IsDelete(request.Method) && root == "subjects" && !RegistryHttp.Flag(request, "permanent"))
        {
            return RegistryRole.Write;
        }

        return RegistryRole.Admin; // permanent deletes, PUT/DELETE /config, PUT /mode
    }
}
