using System.Text.Json;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Projections;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    private static readonly EventSerializer Customers = new(new EventTypeRegistry().Register<CustomerRegistered>("CustomerRegistered"));

    private static CustomerRegistered Customer(string id) => new(id, $"{id}@example.com", new CustomerAddress($"1 {id} Street", "010-1234", "Seoul"),
        [new CustomerAddress($"2 {id} Lane", null, "Busan")], At);

    private void ProtectPersonalData() =>
        Store.PersonalData = new PersonalDataProtection(PersonalDataMap.From(Customers.Registry, Customers.Options), Store);

    private Task Register(string id) =>
        Store.AppendToStream(new StreamName($"Customer-{id}"), ExpectedVersion.NoStream, [Customers.Serialize(Customer(id), new EventMetadata(null, null, At))], Ct);

    private Task<List<string>> RawData() => Store.InTransaction(async (tx, ct) =>
    {
        await using var command = SqlStoreCommands.Create(tx, "SELECT data FROM events ORDER BY position");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct)) rows.Add(reader.GetString(0));
        return rows;
    }, Ct);

    private static CustomerRegistered Read(StreamEvent e) => (CustomerRegistered)Customers.Deserialize(e);

    [Fact]
    public async Task PersonalFieldsAreSealedInTheStoredRowAndOpenOnRead()
    {
        ProtectPersonalData();
        await Register("c-1");

        var raw = Assert.Single(await RawData());
        Assert.DoesNotContain("c-1@example.com", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("1 c-1 Street", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("2 c-1 Lane", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("010-1234", raw, StringComparison.Ordinal);
        Assert.Contains(FieldEnvelope.Prefix, raw, StringComparison.Ordinal);
        Assert.Contains("Seoul", raw, StringComparison.Ordinal); // not marked: stays readable
        using (var stored = JsonDocument.Parse(raw)) Assert.Equal("c-1", stored.RootElement.GetProperty("customerId").GetString());

        Assert.Equal(Customer("c-1"), Read(Assert.Single(await Store.ReadStream(new StreamName("Customer-c-1"), 0, 10, Ct))), CustomerComparer.Instance);
        Assert.Equal(Customer("c-1"), Read(Assert.Single(await Store.ReadAll(0, 10, Ct))), CustomerComparer.Instance);
        Assert.Equal(Customer("c-1"), Read(Assert.Single(await Store.ReadPending(10, Ct)).Event), CustomerComparer.Instance); // what the relay publishes
    }

    [Fact]
    public async Task ConcurrentReadsOfPersonalDataNeverHoldAConnectionWhileWaitingForAnother()
    {
        ProtectPersonalData();
        await Register("c-1");

        // More readers at once than the PostgreSQL fixture's pool holds (50): a read that kept its connection while the
        // key look-up waited for a second one would starve the pool until its timeout.
        async Task<IReadOnlyList<StreamEvent>> Pending() => [.. (await Store.ReadPending(10, Ct)).Select(m => m.Event)];
        var reads = Enumerable.Range(0, 120).Select(i => (i % 3) switch
        {
            0 => Store.ReadStream(new StreamName("Customer-c-1"), 0, 10, Ct),
            1 => Store.ReadAll(0, 10, Ct),
            _ => Pending(),
        }).ToList();
        var results = await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.All(results, events => Assert.Equal(Customer("c-1"), Read(Assert.Single(events)), CustomerComparer.Instance));
    }

    [Fact]
    public async Task AppendsInAUnitOfWorkAreSealedAndReadBackInIt()
    {
        ProtectPersonalData();
        await using (var unit = await Store.BeginTransaction(Ct))
        {
            await Store.AppendToStream(new StreamName("Customer-c-9"), ExpectedVersion.NoStream, [Customers.Serialize(Customer("c-9"), new EventMetadata(null, null, At))], unit.Transaction, Ct);
            Assert.Equal(Customer("c-9"), Read(Assert.Single(await Store.ReadStream(new StreamName("Customer-c-9"), 0, 10, unit.Transaction, Ct))), CustomerComparer.Instance);
            await unit.Commit(Ct);
        }

        Assert.DoesNotContain("c-9@example.com", Assert.Single(await RawData()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgettingASubjectErasesItsFieldsOnEveryReadAndLeavesTheEventsAndOthersAlone()
    {
        ProtectPersonalData();
        await Register("c-1");
        await Register("c-2");
        var before = await RawData();

        Assert.Equal(1, await Store.Forget("c-1", "customer asked", Ct));

        Assert.Equal(before, await RawData()); // the events are immutable: only the key went
        var erased = new CustomerRegistered("c-1", PersonalDataMap.ErasedText, new CustomerAddress(PersonalDataMap.ErasedText, null, "Seoul"),
            [new CustomerAddress(PersonalDataMap.ErasedText, null, "Busan")], At);
        Assert.Equal(erased, Read(Assert.Single(await Store.ReadStream(new StreamName("Customer-c-1"), 0, 10, Ct))), CustomerComparer.Instance);
        var all = await Store.ReadAll(0, 10, Ct);
        Assert.Equal(erased, Read(all[0]), CustomerComparer.Instance);
        Assert.Equal(Customer("c-2"), Read(all[1]), CustomerComparer.Instance);
        Assert.Equal(erased, Read((await Store.ReadPending(10, Ct))[0].Event), CustomerComparer.Instance); // a message published now

        var replayed = new List<CustomerRegistered>();
        var runner = new ProjectionRunner(Store, new CustomerProjection(replayed), 10);
        Assert.Equal(2, await runner.CatchUp(Ct));
        Assert.Equal([erased, Customer("c-2")], replayed, CustomerComparer.Instance);

        Assert.Equal(0, await Store.Forget("c-1", null, Ct)); // nothing left to erase, and still logged
        Assert.Equal(2L, await Store.InTransaction(async (tx, ct) =>
        {
            await using var command = SqlStoreCommands.Create(tx, "SELECT COUNT(*) FROM erasures WHERE subject = 'c-1'");
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, Ct));
    }

    [Fact]
    public async Task ASubjectRegisteredAgainAfterErasureGetsANewKey()
    {
        ProtectPersonalData();
        await Register("c-1");
        await Store.Forget("c-1", null, Ct);
        await Store.AppendToStream(new StreamName("Customer-c-1"), ExpectedVersion.Exact(0),
            [Customers.Serialize(Customer("c-1") with { Email = "new@example.com" }, new EventMetadata(null, null, At))], Ct);

        var events = await Store.ReadStream(new StreamName("Customer-c-1"), 0, 10, Ct);
        Assert.Equal(PersonalDataMap.ErasedText, Read(events[0]).Email);
        Assert.Equal("new@example.com", Read(events[1]).Email);
    }

    /// <summary>Records compare lists by reference; these compare them item by item.</summary>
    private sealed class CustomerComparer : IEqualityComparer<CustomerRegistered>
    {
        public static CustomerComparer Instance { get; } = new();

        public bool Equals(CustomerRegistered? x, CustomerRegistered? y) =>
            x is not null && y is not null && x with { Previous = [] } == y with { Previous = [] } && x.Previous.SequenceEqual(y.Previous);

        public int GetHashCode(CustomerRegistered obj) => obj.CustomerId.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class CustomerProjection(List<CustomerRegistered> seen) : IProjection
    {
        public string Name => "customers";

        public Task Apply(StreamEvent e, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
        {
            seen.Add(Read(e));
            return Task.CompletedTask;
        }

        public Task Reset(System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
        {
            seen.Clear();
            return Task.CompletedTask;
        }
    }
}
