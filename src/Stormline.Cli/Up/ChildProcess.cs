using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stormline.Cli.Up;

/// <summary>
/// A service running as its own OS process: output forwarded line by line with its name in front, the last lines kept
/// for error messages, stopped with SIGTERM and killed only when it does not exit within the grace period.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int Sigterm = 15;
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Lock _tailLock = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Completes when the process exits, by itself or because it was stopped.</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Set before <see cref="StopAsync"/> so an exit we asked for is not reported as a crash.</summary>
    public bool Stopping { get; private set; }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, PrefixedOutput output)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Forward(e.Data, output);
        process.ErrorDataReceived += (_, e) => child.Forward(e.Data, output);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines the process wrote (for saying why it failed).</summary>
    public IReadOnlyList<string> Tail()
    {
        lock (_tailLock)
        {
            return [.. _tail];
        }
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL the process tree. True when it exited on SIGTERM.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        Stopping = true;
        if (_process.HasExited)
        {
            return true;
        }

        if (OperatingSystem.IsWindows() || Kill(_process.Id, Sigterm) != 0)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    /// <summary>SIGKILL, no grace: what a crash looks like to the rest of the system.</summary>
    public async Task KillAsync()
    {
        Stopping = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
    }

    private void Forward(string? line, PrefixedOutput output)
    {
        if (line is null)
        {
            return;
        }

        lock (_tailLock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }

        output.Line(Name, line);
    }

    // DllImport rather than LibraryImport: the latter's generated stub needs unsafe code, and an int-only signature needs no marshalling.
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
