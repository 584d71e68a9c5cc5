using Stormline.EventSourcing.Sqlite;
using Stormline.Hosting.ReadModels;

namespace Shop.Tests.ReadModels;

/// <summary>The batched reads and writes a projection uses: any count of ids or rows, split into the table's fixed statement sizes.</summary>
public sealed class ReadModelTableTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stormline-readmodel-").FullName;
    private SqliteEventStore? _store;

    private SqliteEventStore Store => _store!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await SqliteEventStore.Open(Path.Combine(_directory, "store.db"), cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Many_rows_are_written_and_read_back_whatever_their_count()
    {
        var table = new ReadModelTable("things");
        await Store.Migrate(table.CreateSql, Ct);
        var rows = Enumerable.Range(0, 86).Select(i => Row(i, "v1")).ToList(); // 86 = 64 + 16 + 4 + 1 + 1
        await Store.InTransaction((tx, ct) => table.UpsertMany(tx, rows, ct), Ct);

        var wanted = Enumerable.Range(0, 300).Select(i => $"t{i}").ToList(); // 214 of them absent; read in lists of 256 and padded
        var read = await Store.InTransaction((tx, ct) => table.GetMany(tx, wanted, ct), Ct);
        Assert.Equal(rows.ToDictionary(r => r.Id, r => r.Document), read);

        await Store.InTransaction((tx, ct) => table.UpsertMany(tx, [Row(3, "v2"), Row(100, "v1")], ct), Ct); // one replaced, one new
        read = await Store.InTransaction((tx, ct) => table.GetMany(tx, ["t3", "t100", "t4"], ct), Ct);
        Assert.Equal("{\"n\":3,\"v\":\"v2\"}", read["t3"]);
        Assert.Equal("{\"n\":100,\"v\":\"v1\"}", read["t100"]);
        Assert.Equal("{\"n\":4,\"v\":\"v1\"}", read["t4"]);
        Assert.Equal(87, (await Store.InTransaction((tx, ct) => table.GetMany(tx, wanted, ct), Ct)).Count);
    }

    private static ReadModelRow Row(int n, string v) =>
        new($"t{n}", "open", n % 2 == 0 ? null : "alice", DateTimeOffset.UnixEpoch.AddSeconds(n), $"{{\"n\":{n},\"v\":\"{v}\"}}");
}
