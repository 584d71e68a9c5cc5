using System.Diagnostics;

namespace Stormline.Ops.Tests;

/// <summary>Runs a real program (promtool, prometheus, the stormline CLI) and captures what it prints.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;
    }

    /// <summary>The full path of <paramref name="name"/> on PATH; fails the test, saying how to install it, when missing.</summary>
    public static string Require(string name, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"{name} is not installed: run ./test.sh, which installs Debian's '{package}' package (or apt-get install {package}).");
        return found!;
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string? workingDirectory = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The stormline CLI built next to the tests.</summary>
    public static Task<Result> StormlineAsync(params string[] args) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "stormline.dll"), .. args]);
}
