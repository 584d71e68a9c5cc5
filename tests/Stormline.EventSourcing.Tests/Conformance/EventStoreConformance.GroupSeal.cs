using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

/// <summary>Appends that wait together in the store's group commit have their personal fields sealed with one key look-up.</summary>
public abstract partial class EventStoreConformance
{
    private CountingKeys CountKeyLookUps()
    {
        var keys = new CountingKeys(Store);
        Store.PersonalData = new PersonalDataProtection(PersonalDataMap.From(Customers.Registry, Customers.Options), keys);
        return keys;
    }

    private Task<AppendResult> Register(string id, EventData e) => Store.AppendToStream(new StreamName($"Customer-{id}"), ExpectedVersion.NoStream, [e], Ct);

    private static EventData Registered(string id) => Customers.Serialize(Customer(id), new EventMetadata(null, null, At));

    [Fact]
    public async Task AppendsWaitingTogetherShareOneKeyLookUpAndEachReadsBack()
    {
        var keys = CountKeyLookUps();
        var ids = Enumerable.Range(0, 40).Select(i => $"c-{i}").ToList();

        await Task.WhenAll(ids.Select(id => Register(id, Registered(id))));

        Assert.Equal(40, keys.KeysForCalls.Sum()); // every subject asked for once
        Assert.True(keys.KeysForCalls.Count < 40, $"{keys.KeysForCalls.Count} look-ups for 40 appends");
        foreach (var id in ids)
            Assert.Equal(Customer(id), Read((await Store.ReadStream(new StreamName($"Customer-{id}"), 0, 1, Ct))[0]), CustomerComparer.Instance);
    }

    [Fact]
    public async Task AnAppendThatCannotBeSealedFailsAloneInItsGroup()
    {
        CountKeyLookUps();
        var bad = Registered("c-bad") with { Data = Registered("c-bad").Data.Replace("\"customerId\":\"c-bad\"", "\"customerId\":\"\"", StringComparison.Ordinal) };

        var appends = Enumerable.Range(0, 20).Select(i => i == 10 ? Register("c-bad", bad) : Register($"c-{i}", Registered($"c-{i}"))).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => appends[10]);
        await Task.WhenAll(appends.Where((_, i) => i != 10)); // the others committed
        Assert.Equal(19, (await Store.ReadAll(0, 100, Ct)).Count);
    }
}
