namespace Stormline.Cli.Up;

/// <summary>Polls a service's <c>/health/ready</c> until it answers 200, the process exits, or the deadline passes.</summary>
public static class Readiness
{
    public static async Task<string?> WaitAsync(HttpClient http, ShopService service, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return $"{service.Name} exited with code {process.ExitCode} before it was ready";
            }

            try
            {
                using var response = await http.GetAsync($"{service.Url}/health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One probe outran the client's timeout (a service still warming up on a busy machine): ask again.
                last = $"no answer within {http.Timeout.TotalSeconds:0} s";
            }

            await Task.Delay(200, cancellationToken);
        }

        return $"{service.Name} was not ready at {service.Url}/health/ready within {timeout.TotalSeconds:0} s (last: {last})";
    }
}
