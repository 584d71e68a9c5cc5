namespace Shop.Hosting.Storage;

/// <summary>
/// Lets one of this process's writers at a time into a SQLite file. SQLite has one writer per file, and a writer that
/// finds the lock taken is put to sleep and retried by the driver, which under load costs far more than waiting in
/// line here. A no-op for PostgreSQL, which has real concurrent writers.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim? _gate;

    public WriteGate(bool serialize) => _gate = serialize ? new SemaphoreSlim(1, 1) : null;

    public async Task<T> Run<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_gate is null) return await write();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }
}
