using System.Diagnostics;

namespace Stormline.Broker.Tests.Kcat;

/// <summary>
/// Runs the kcat binary (Debian's kcat 1.7.1 on librdkafka 2.0.2, a much older client than Confluent.Kafka's) and
/// captures its output byte for byte. A missing kcat fails the test: ./test.sh installs it.
/// </summary>
internal static class Kcat
{
    private const string DebianPath = "/usr/bin/kcat";

    /// <summary>Looked up on each use, so a missing kcat fails each test with the message rather than a type initialiser error.</summary>
    public static string Path => Locate();

    /// <summary>Runs kcat with <paramref name="arguments"/>; fails the test if it times out or exits non-zero.</summary>
    public static async Task<KcatResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null, bool mustSucceed = true)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"kcat {string.Join(' ', start.ArgumentList)} did not finish within {limit.TotalSeconds} s. stderr:\n{await readErr}");
        }

        await copyOut;
        var result = new KcatResult(process.ExitCode, stdout.ToArray(), await readErr);
        if (mustSucceed && result.ExitCode != 0)
        {
            Assert.Fail($"kcat {string.Join(' ', start.ArgumentList)} exited with {result.ExitCode}. stderr:\n{result.Stderr}");
        }

        return result;
    }

    private static string Locate()
    {
        if (File.Exists(DebianPath))
        {
            return DebianPath;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(directory, "kcat");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // Deliberately a failure, never a skip: a machine without kcat must not look green.
        Assert.Fail("kcat is not installed (looked for /usr/bin/kcat and kcat on PATH). Run ./test.sh, which installs it (apt-get install kcat).");
        return DebianPath;
    }
}
