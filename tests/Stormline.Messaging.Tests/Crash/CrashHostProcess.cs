using System.Collections.Concurrent;
using System.Diagnostics;
using Stormline.Messaging.CrashHost;

namespace Stormline.Messaging.Tests.Crash;

/// <summary>
/// One run of Stormline.Messaging.CrashHost (copied next to this test assembly) as its own OS process, so the test can
/// SIGKILL it: no finally block, no dispose, no flush runs in it.
/// </summary>
public sealed class CrashHostProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private CrashHostProcess(Process process) => _process = process;

    public string Output => string.Join(Environment.NewLine, _output);

    public static CrashHostProcess Start(string database, string bootstrap, string topic, int first, int count, StopPoint stop)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Stormline.Messaging.CrashHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project must reference Stormline.Messaging.CrashHost");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, database, bootstrap, topic, $"{first}", $"{count}", $"{stop}" })
            start.ArgumentList.Add(argument);

        var process = Process.Start(start) ?? throw new InvalidOperationException("the crash host did not start");
        var host = new CrashHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Record(e.Data);
        process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the host printed a line starting with <paramref name="prefix"/>; fails if it exits first or the deadline passes.</summary>
    public async Task WaitFor(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_output.Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
        {
            Assert.False(_process.HasExited, $"the crash host exited with {(_process.HasExited ? _process.ExitCode : 0)} before printing '{prefix}':{Environment.NewLine}{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the crash host did not print '{prefix}' within {timeout}:{Environment.NewLine}{Output}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the crash host did not exit within {timeout}:{Environment.NewLine}{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, then wait for the process to be gone (its SQLite file and sockets closed by the OS).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null) _output.Enqueue(line);
    }
}
