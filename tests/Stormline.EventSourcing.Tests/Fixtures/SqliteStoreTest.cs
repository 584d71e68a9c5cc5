using Stormline.EventSourcing.Sql;

namespace Stormline.EventSourcing.Tests.Fixtures;

/// <summary>A test class with a fresh SQLite store of its own per test (events and keys), removed afterwards.</summary>
public abstract class SqliteStoreTest : IAsyncLifetime
{
    private readonly SqliteStoreFactory _factory = new();
    private SqlStore? _store;

    protected static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected SqlStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async ValueTask InitializeAsync() => _store = await _factory.CreateStore(Ct);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _factory.DisposeStore(_store);
        GC.SuppressFinalize(this);
    }
}
