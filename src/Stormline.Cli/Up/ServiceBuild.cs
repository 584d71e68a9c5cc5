using System.Diagnostics;

namespace Stormline.Cli.Up;

/// <summary>
/// Builds the services' dlls with <c>dotnet build -c Release</c> when they are missing (a fresh clone), so the README's
/// one command brings the system up; progress is each project as it finishes and every error.
/// </summary>
public static class ServiceBuild
{
    /// <summary>Builds the services whose dll is missing (all when <paramref name="force"/>); returns an error message or null.</summary>
    public static async Task<string?> EnsureBuiltAsync(RepositoryLayout layout, IReadOnlyList<ShopService> services, bool force, PrefixedOutput output,
        CancellationToken cancellationToken)
    {
        var missing = services.Where(s => force || !File.Exists(layout.Assembly(s))).ToList();
        foreach (var service in missing)
        {
            var project = layout.ProjectFile(service);
            if (!File.Exists(project))
            {
                return $"{project} does not exist: this checkout has no {service.Name} service to build";
            }

            output.Say($"Building {service.Project} (dotnet build -c {RepositoryLayout.Configuration}; once, later starts reuse it) ...");
            var watch = Stopwatch.StartNew();
            var code = await RunAsync(layout.Root, ["build", project, "-c", RepositoryLayout.Configuration, "-nologo", "-v", "minimal", "-clp:NoSummary"],
                line => Progress(line, output), cancellationToken);
            if (code != 0 || !File.Exists(layout.Assembly(service)))
            {
                return $"building {service.Project} failed (exit {code}); run: dotnet build {Path.GetRelativePath(Environment.CurrentDirectory, project)} -c Release";
            }

            output.Say($"Built {service.Project} in {watch.Elapsed.TotalSeconds:0.0} s");
        }

        return null;
    }

    private static void Progress(string line, PrefixedOutput output)
    {
        // Minimal verbosity: one "Project -> path" line per project as it finishes, then errors and warnings.
        if (line.Contains(" -> ", StringComparison.Ordinal))
        {
            output.Line("build", line.Trim().Split(" -> ")[0] + " built");
        }
        else if (line.Contains(": error ", StringComparison.Ordinal) || line.Contains(": warning ", StringComparison.Ordinal))
        {
            output.Line("build", line.Trim());
        }
    }

    private static async Task<int> RunAsync(string workingDirectory, IEnumerable<string> arguments, Action<string> onLine, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
