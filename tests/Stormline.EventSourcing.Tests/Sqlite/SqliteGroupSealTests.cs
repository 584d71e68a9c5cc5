using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Sqlite;

/// <summary>SQLite's group commit seals the personal fields of every append in a group with one key look-up.</summary>
public sealed class SqliteGroupSealTests : SqliteStoreTest
{
    private static readonly EventSerializer Customers = new(new EventTypeRegistry().Register<CustomerRegistered>("CustomerRegistered"));

    private CountingKeys Protect()
    {
        var keys = new CountingKeys(Store);
        Store.PersonalData = new PersonalDataProtection(PersonalDataMap.From(Customers.Registry, Customers.Options), keys);
        return keys;
    }

    private static EventData Customer(string id) => Customers.Serialize(
        new CustomerRegistered(id, $"{id}@example.com", new CustomerAddress("1 Street", null, "Seoul"), [], At), new EventMetadata(null, null, At));

    private Task<AppendResult> Register(string id, EventData e) => Store.AppendToStream(new StreamName($"Customer-{id}"), ExpectedVersion.NoStream, [e], Ct);

    [Fact]
    public async Task Appends_waiting_together_share_one_key_look_up_and_each_reads_back()
    {
        var keys = Protect();
        var ids = Enumerable.Range(0, 40).Select(i => $"c-{i}").ToList();

        await Task.WhenAll(ids.Select(id => Register(id, Customer(id))));

        Assert.Equal(40, keys.KeysForCalls.Sum()); // every subject asked for once
        Assert.True(keys.KeysForCalls.Count < 40, $"{keys.KeysForCalls.Count} look-ups for 40 appends");
        foreach (var id in ids)
        {
            var read = (CustomerRegistered)Customers.Deserialize((await Store.ReadStream(new StreamName($"Customer-{id}"), 0, 1, Ct))[0]);
            Assert.Equal($"{id}@example.com", read.Email);
        }
    }

    [Fact]
    public async Task An_append_that_cannot_be_sealed_fails_alone_in_its_group()
    {
        Protect();
        var bad = Customer("c-bad") with { Data = Customer("c-bad").Data.Replace("\"customerId\":\"c-bad\"", "\"customerId\":\"\"", StringComparison.Ordinal) };

        var appends = Enumerable.Range(0, 20).Select(i => i == 10 ? Register("c-bad", bad) : Register($"c-{i}", Customer($"c-{i}"))).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => appends[10]);

        await Task.WhenAll(appends.Where((_, i) => i != 10)); // the others committed
        Assert.Equal(19, (await Store.ReadAll(0, 100, Ct)).Count);
    }
}
