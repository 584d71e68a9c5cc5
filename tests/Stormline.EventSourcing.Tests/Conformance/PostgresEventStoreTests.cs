using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;

namespace Stormline.EventSourcing.Tests.Conformance;

public sealed class PostgresEventStoreTests(PostgresCluster cluster) : EventStoreConformance(cluster)
{
    /// <summary>
    /// Appends take positions under a lock held for their one statement, not from their first write: a transaction
    /// that wrote first (an inbox mark, so it has the older id) can take higher positions than a younger one that is
    /// still open. A reader must not pass the younger one's lower positions before they commit.
    /// </summary>
    [Fact]
    public async Task A_reader_waits_for_lower_positions_of_an_open_transaction_even_when_it_is_the_younger_one()
    {
        await using var older = await Store.BeginTransaction(Ct);
        Assert.True(await Store.TryRecord("payments", Guid.NewGuid(), older.Transaction, Ct)); // its first write: the older id
        await using var younger = await Store.BeginTransaction(Ct);
        Assert.True(await Store.TryRecord("payments", Guid.NewGuid(), younger.Transaction, Ct));

        await Store.AppendToStream(OrderStream("young"), ExpectedVersion.NoStream, Created("young"), younger.Transaction, Ct); // the lower position
        await Store.AppendToStream(OrderStream("old"), ExpectedVersion.NoStream, Created("old"), older.Transaction, Ct);
        await older.Commit(Ct);

        Assert.Empty(await Store.ReadAll(0, 10, Ct)); // "old" is committed, but a lower position may still commit

        await younger.Commit(Ct);
        Assert.Equal([OrderStream("young"), OrderStream("old")], (await Store.ReadAll(0, 10, Ct)).Select(e => e.Stream));
    }

    /// <summary>A unit that groups its appends writes them in one statement at commit, so that is when they take positions.</summary>
    [Fact]
    public async Task A_unit_that_groups_its_appends_takes_their_positions_at_commit()
    {
        await using var grouped = await Store.BeginTransaction(Ct);
        grouped.GroupAppends = true;
        var held = await Store.AppendToStream(OrderStream("grouped"), ExpectedVersion.NoStream, Created("grouped"), grouped.Transaction, Ct);
        Assert.Equal(-1, held.LastPosition); // not written yet
        Assert.Equal(0, held.LastVersion);

        await using (var plain = await Store.BeginTransaction(Ct))
        {
            await Store.AppendToStream(OrderStream("plain"), ExpectedVersion.NoStream, Created("plain"), plain.Transaction, Ct);
            await plain.Commit(Ct);
        }
        Assert.Equal([OrderStream("plain")], (await Store.ReadAll(0, 10, Ct)).Select(e => e.Stream)); // nothing below it is in flight

        await grouped.Commit(Ct);
        Assert.Equal([OrderStream("plain"), OrderStream("grouped")], (await Store.ReadAll(0, 10, Ct)).Select(e => e.Stream));
    }

    /// <summary>The append's one statement writes stream rows, events and outbox rows together; no foreign key re-checks them per event under the order lock.</summary>
    [Fact]
    public async Task Appends_are_not_checked_by_foreign_keys_between_streams_events_and_outbox()
    {
        var keys = await Store.Read(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('events'::regclass, 'outbox'::regclass)";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, Ct);
        Assert.Equal(0, keys);

        await Store.AppendToStream(OrderStream("checked"), ExpectedVersion.NoStream, Created("checked"), Ct);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.AppendToStream(OrderStream("checked"), ExpectedVersion.NoStream, Created("checked"), Ct));
        Assert.Single(await Store.ReadPending(10, Ct));
    }
}
