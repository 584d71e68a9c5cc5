using System.Diagnostics;

namespace Stormline.Model.Tests.Board;

/// <summary>Headless Chromium, found on PATH. A missing browser fails the test (test.sh installs it) rather than skipping it.</summary>
internal static class Chromium
{
    public static string Executable =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("headless Chromium is needed for the board tests and is not on PATH: run ./test.sh, or apt-get install -y chromium");

    /// <summary>Runs Chromium on a page and returns its stdout (e.g. the DOM after scripts ran, with --dump-dom).</summary>
    public static async Task<string> RunAsync(string page, int width, int height, params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("stormline-chromium-");
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", $"--user-data-dir={profile.FullName}", $"--window-size={width},{height}" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add(new Uri(page).AbsoluteUri);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish within 60 s");
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A crashed renderer can leave files locked for a moment; the temp folder is cleaned by the OS.
            }
        }

        return await stdout;
    }
}
