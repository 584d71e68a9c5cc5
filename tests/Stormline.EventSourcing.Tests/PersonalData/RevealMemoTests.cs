using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.PersonalData;

/// <summary>The next reader of an event reuses its opened text only while every read's own key look-up still confirms it.</summary>
public sealed class RevealMemoTests : SqliteStoreTest
{
    private static readonly EventSerializer Serializer = new(new EventTypeRegistry().Register<CustomerRegistered>("CustomerRegistered"));
    private PersonalDataMap Map { get; } = PersonalDataMap.From(Serializer.Registry, Serializer.Options);

    private static EventData Customer(string id) => Serializer.Serialize(
        new CustomerRegistered(id, $"{id}@example.com", new CustomerAddress("1 Street", "010", "Seoul"), [], At), new EventMetadata(null, null, At));

    private async Task<StreamEvent> Sealed(PersonalDataProtection protection, string id)
    {
        var e = (await protection.Protect([Customer(id)], null, Ct))[0];
        return new StreamEvent(e.EventId, new StreamName($"Customer-{id}"), 0, 1, e.Type, e.Data, e.Metadata, At);
    }

    private static async Task<string> Read(PersonalDataProtection protection, StreamEvent stored)
    {
        var page = new List<StreamEvent> { stored };
        await protection.Reveal(page, null, Ct);
        return page[0].Data;
    }

    [Fact]
    public async Task A_second_reader_gets_the_text_the_first_opened_and_none_is_kept_when_the_memo_is_off()
    {
        var protection = new PersonalDataProtection(Map, Store);
        var stored = await Sealed(protection, "c-1");

        var first = await Read(protection, stored);

        Assert.Equal(Customer("c-1").Data, first);
        Assert.Same(first, await Read(protection, stored));
        var off = new PersonalDataProtection(Map, Store, revealMemo: 0);
        Assert.NotSame(await Read(off, stored), await Read(off, stored));
    }

    [Fact]
    public async Task After_an_erasure_the_next_read_gives_the_erased_values_though_the_event_was_opened_before()
    {
        var protection = new PersonalDataProtection(Map, Store);
        var stored = await Sealed(protection, "c-1");
        Assert.Contains("c-1@example.com", await Read(protection, stored), StringComparison.Ordinal);

        await Store.Forget("c-1", null, Ct);

        var erased = (CustomerRegistered)Serializer.Deserialize(stored with { Data = await Read(protection, stored) });
        Assert.Equal((PersonalDataMap.ErasedText, PersonalDataMap.ErasedText, (string?)null), (erased.Email, erased.Address.Street, erased.Address.Phone));
    }

    [Fact]
    public async Task A_row_altered_after_it_was_opened_is_parsed_again_and_rejected()
    {
        var protection = new PersonalDataProtection(Map, Store);
        var stored = await Sealed(protection, "c-1");
        await Read(protection, stored);
        var start = stored.Data.IndexOf(FieldEnvelope.Prefix, StringComparison.Ordinal);
        var end = stored.Data.IndexOf('"', start);
        var altered = stored with { Data = stored.Data[..(end - 6)] + (stored.Data[end - 6] == 'A' ? 'B' : 'A') + stored.Data[(end - 5)..] };

        await Assert.ThrowsAsync<InvalidDataException>(() => Read(protection, altered));
    }

    [Fact]
    public async Task A_key_id_that_now_names_other_key_bytes_does_not_reuse_the_opened_text()
    {
        var keys = new RotatedKeys(Store);
        var protection = new PersonalDataProtection(Map, keys);
        var stored = await Sealed(protection, "c-1");
        Assert.Equal(Customer("c-1").Data, await Read(protection, stored));

        keys.Rotated = true;

        await Assert.ThrowsAsync<InvalidDataException>(() => Read(protection, stored));
    }

    /// <summary>The real key store; once rotated, every key's bytes are replaced under the same id (a key store that rotated in place).</summary>
    private sealed class RotatedKeys(ISubjectKeys keys) : ForwardingKeys(keys)
    {
        public bool Rotated { get; set; }

        public override async Task<IReadOnlyDictionary<string, byte[]>> Find(IReadOnlyCollection<string> keyIds, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken)
        {
            var found = await base.Find(keyIds, transaction, cancellationToken);
            return Rotated ? found.ToDictionary(k => k.Key, k => k.Value.Select(b => (byte)~b).ToArray()) : found;
        }
    }
}
