namespace Stormline.Hosting.Health;

/// <summary>Since when a background loop has been failing in a row, and why: what readiness reports once it lasts too long. Thread-safe enough for one writer.</summary>
public sealed class FailureWindow
{
    private DateTimeOffset? _since;
    private string? _error;

    public void Failed(Exception error)
    {
        _error = error.Message;
        _since ??= DateTimeOffset.UtcNow;
    }

    public void Succeeded() => _since = null;

    /// <summary>"<paramref name="what"/> failing for N s: error" once the failures have lasted longer than <paramref name="threshold"/>; null otherwise.</summary>
    public string? Stuck(string what, TimeSpan threshold) =>
        _since is { } since && DateTimeOffset.UtcNow - since > threshold ? $"{what} failing for {(DateTimeOffset.UtcNow - since).TotalSeconds:F0} s: {_error}" : null;
}
