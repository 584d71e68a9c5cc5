using System.Diagnostics;

namespace Stormline.OpsConsole.Tests;

/// <summary>The real <c>stormline</c> command (stormline.dll beside the tests) as a child process.</summary>
internal static class ConsoleProcess
{
    private const string UrlMarker = "Stormline console: ";

    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stormline.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    /// <summary>Reads the process's output until the console prints its URL; both streams are drained from then on.</summary>
    public static Task<string> UrlAsync(Process process)
    {
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith(UrlMarker, StringComparison.Ordinal))
            {
                url.TrySetResult(line[UrlMarker.Length..].Trim());
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return url.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
