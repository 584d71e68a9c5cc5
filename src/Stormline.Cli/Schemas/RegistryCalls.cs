using Stormline.Clients;

namespace Stormline.Cli.Schemas;

/// <summary>
/// One way for the schema commands to talk to a registry: the URL and the access settings checked first (exit code 2),
/// then the calls, with a registry out of reach, too slow or answering an error turned into a message and exit code 3.
/// </summary>
public static class RegistryCalls
{
    public static async Task<int> RunAsync(string command, string registryUrl, ClientProperties? clients, TimeSpan timeout, TextWriter error,
        Func<RegistryRestClient, Task<int>> calls)
    {
        if (!Uri.TryCreate(registryUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"stormline {command}: --registry {registryUrl} is not an http(s) URL; pass one such as http://127.0.0.1:8081");
            return ExitCodes.Usage;
        }

        if (RegistryAccess.Create(registryUrl, timeout, clients, out var problem) is not { } http)
        {
            error.WriteLine($"stormline {command}: {problem}");
            return ExitCodes.Usage;
        }

        using var client = new RegistryRestClient(http);
        try
        {
            return await calls(client);
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"stormline {command}: cannot reach the schema registry at {registryUrl} ({ex.Message}); start one (stormline registry) or pass its URL with --registry"
                + (uri.Scheme == "https" ? ", and the CA that signed its certificate with --registry-ca" : ""));
            return ExitCodes.Unreachable;
        }
        catch (TaskCanceledException)
        {
            error.WriteLine($"stormline {command}: the schema registry at {registryUrl} did not answer within {timeout.TotalSeconds:0} s; check that it is up and not overloaded");
            return ExitCodes.Unreachable;
        }
        catch (RegistryCallException ex)
        {
            var hint = ex.Status switch
            {
                401 => "; pass its credentials with --registry-user-info USER:PASSWORD (or schema.registry.basic.auth.user.info in --kafka-config-file)",
                403 => "; the user's role does not allow this call (read-only users can check, write users can register, admin users can set levels)",
                _ => "",
            };
            error.WriteLine($"stormline {command}: the schema registry at {registryUrl} answered {ex.Status} (error {ex.ErrorCode}): {ex.Message}{hint}");
            return ExitCodes.Unreachable;
        }
    }
}
