using System.Text;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.PersonalData;

/// <summary>The byte-level rewrite against the tree rewrite it replaced, with a real SQLite store holding the keys.</summary>
public sealed class PersonalDataProtectionTests : SqliteStoreTest
{
    private static readonly EventSerializer Serializer = new(new EventTypeRegistry()
        .Register<MemberProfileChanged>("MemberProfileChanged")
        .Register<OrderCreated>("OrderCreated"));

    private PersonalDataMap Map { get; } = PersonalDataMap.From(Serializer.Registry, Serializer.Options);

    private PersonalDataProtection Protection => new(Map, Store);

    private TreeRewrite Oracle => new(Map, Store);

    private static MemberProfileChanged Profile(string id, string? nickname = "Min") => new(
        id, $"김민지 {id}", 34, 1234.50m, nickname, new MemberAddress("1 \"Quoted\" Street <b>", 12, null), ["vip", "ünï"],
        [new MemberContact("email", $"{id}@example.com"), new MemberContact("phone", "+82 10-1234")],
        new Membership("gold", new MemberReferral("R-7", "ref+1@example.com")), "서울 & <note>");

    private static EventData Data(object e) => Serializer.Serialize(e, new EventMetadata(null, null, At));

    private static StreamEvent Stored(EventData e, long position) =>
        new(e.EventId, new StreamName("Member-x"), position - 1, position, e.Type, e.Data, e.Metadata, At);

    private static IReadOnlyList<EventData> Page() =>
        [Data(Profile("m-1")), Data(Profile("m-2", nickname: null)), Data(new OrderCreated("o-1", "alice", At)), Data(Profile("m-1") with { Tags = [], Contacts = [] })];

    private async Task<List<StreamEvent>> RevealNew(IEnumerable<EventData> sealedEvents)
    {
        var events = sealedEvents.Select((e, i) => Stored(e, i + 1)).ToList();
        await Protection.Reveal(events, null, Ct);
        return events;
    }

    private async Task<List<string>> RevealOld(IEnumerable<EventData> sealedEvents)
    {
        var data = new List<string>();
        foreach (var (e, i) in sealedEvents.Select((e, i) => (e, i))) data.Add((await Oracle.Reveal(Stored(e, i + 1), Ct)).Data);
        return data;
    }

    private async Task<List<EventData>> ProtectOld(IEnumerable<EventData> events)
    {
        var sealedEvents = new List<EventData>();
        foreach (var e in events) sealedEvents.Add(await Oracle.Protect(e, Ct));
        return sealedEvents;
    }

    [Fact]
    public async Task Reveal_gives_the_bytes_the_tree_rewrite_gave_for_text_number_null_object_list_and_nested_fields()
    {
        var page = Page();
        var sealedOld = await ProtectOld(page);
        var sealedNew = await Protection.Protect(page, null, Ct);

        Assert.Equal(page.Select(e => e.Data), (await RevealNew(sealedOld)).Select(e => e.Data));
        Assert.Equal(page.Select(e => e.Data), (await RevealNew(sealedNew)).Select(e => e.Data));
        Assert.Equal(page.Select(e => e.Data), await RevealOld(sealedNew)); // rows sealed now open with the old code too
        Assert.Equal(await RevealOld(sealedOld), (await RevealNew(sealedOld)).Select(e => e.Data));
        Assert.Equal(Profile("m-1"), Serializer.Deserialize((await RevealNew(sealedNew))[0]) as MemberProfileChanged, ProfileComparer.Instance);
    }

    [Fact]
    public async Task A_forgotten_key_reads_as_the_erased_values_the_tree_rewrite_gave()
    {
        var page = Page();
        var sealedOld = await ProtectOld(page);
        var sealedNew = await Protection.Protect(page, null, Ct);
        Assert.Equal(1, await Store.Forget("m-1", null, Ct));

        var erasedOld = await RevealOld(sealedOld);
        Assert.Equal(erasedOld, (await RevealNew(sealedOld)).Select(e => e.Data));
        Assert.Equal(erasedOld, (await RevealNew(sealedNew)).Select(e => e.Data));
        Assert.Equal(page[1].Data, erasedOld[1]); // another subject still opens
        var erased = (MemberProfileChanged)Serializer.Deserialize((await RevealNew(sealedNew))[0]);
        Assert.Equal((PersonalDataMap.ErasedText, 0, 0m, (string?)null, new MemberAddress(PersonalDataMap.ErasedText, 0, null)),
            (erased.Name, erased.Age, erased.Balance, erased.Nickname, erased.Home));
        Assert.Empty(erased.Tags);
        Assert.Equal([PersonalDataMap.ErasedText, PersonalDataMap.ErasedText], erased.Contacts.Select(c => c.Value));
        Assert.Equal(new MemberReferral("R-7", PersonalDataMap.ErasedText), erased.Membership.Referral);
        Assert.Equal("서울 & <note>", erased.Note);
    }

    [Fact]
    public async Task Events_without_personal_data_are_not_touched_and_the_rest_of_an_event_is_copied_byte_for_byte()
    {
        var plain = new EventData(Guid.NewGuid(), "OrderCreated", "{ \"orderId\" : \"o-1\",\n \"customerId\": \"\\u0061lice\" }", new EventMetadata(null, null, At));
        IReadOnlyList<EventData> onlyPlain = [plain];
        Assert.Same(onlyPlain, await Protection.Protect(onlyPlain, null, Ct));
        var nothingSealed = Data(Profile("m-3")) with { Data = "{\"memberId\":\"m-3\",\"name\":null}" };
        var read = new List<StreamEvent> { Stored(plain, 1), Stored(nothingSealed, 2) };
        await Protection.Reveal(read, null, Ct);
        Assert.Same(plain.Data, read[0].Data);
        Assert.Same(nothingSealed.Data, read[1].Data);

        // Whitespace, escapes and member order outside the personal values stay exactly as they were written.
        const string Written = "{ \"note\" : \"\\uC11C\\uC6B8\",\n  \"memberId\":\"m-3\", \"name\" : \"Minji\", \"contacts\": [ {\"kind\":\"a\" , \"value\":\"x\"} ], \"age\": 3 }";
        var sealedEvent = Assert.Single(await Protection.Protect([nothingSealed with { Data = Written }], null, Ct));
        Assert.StartsWith("{ \"note\" : \"\\uC11C\\uC6B8\",\n  \"memberId\":\"m-3\", \"name\" : \"stormline:pii:v1:", sealedEvent.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("Minji", sealedEvent.Data, StringComparison.Ordinal);
        Assert.Equal(Written, (await RevealNew([sealedEvent]))[0].Data);
    }

    [Fact]
    public async Task An_envelope_altered_moved_truncated_or_malformed_is_an_error_naming_the_field()
    {
        var sealedEvent = Assert.Single(await Protection.Protect([Data(Profile("m-1"))], null, Ct));
        var name = EnvelopeAt(sealedEvent.Data, "\"name\":\"");
        var note = EnvelopeAt(sealedEvent.Data, "\"value\":\"");
        var payloadStart = name.IndexOf(':', FieldEnvelope.Prefix.Length) + 1;

        string[] altered =
        [
            name[..^5] + (name[^5] == 'A' ? 'B' : 'A') + name[^4..], // a ciphertext or tag byte
            note, // the first contact's value, moved into "name": its path is not the associated data
            name[..(payloadStart + 8)], // truncated below nonce and tag
            name[..payloadStart] + "***" + name[(payloadStart + 3)..], // not base64
            FieldEnvelope.Prefix + "no-key-separator",
        ];
        foreach (var envelope in altered)
        {
            var events = new List<StreamEvent> { Stored(sealedEvent with { Data = sealedEvent.Data.Replace(name, envelope, StringComparison.Ordinal) }, 1) };
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => Protection.Reveal(events, null, Ct));
            Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_envelope_the_JSON_writer_escaped_still_opens()
    {
        var sealedEvent = Assert.Single(await Protection.Protect([Data(Profile("m-1"))], null, Ct));
        var name = EnvelopeAt(sealedEvent.Data, "\"name\":\"");
        var escaped = string.Concat(name.Select(c => $"\\u{(int)c:X4}")); // every character, as some writers escape '+' and others

        var events = await RevealNew([sealedEvent with { Data = sealedEvent.Data.Replace(name, escaped, StringComparison.Ordinal) }]);

        Assert.Equal(Data(Profile("m-1")).Data, events[0].Data);
    }

    [Fact]
    public async Task Sealing_many_subjects_asks_the_key_store_once_and_an_event_with_nothing_to_seal_needs_no_key()
    {
        var counting = new CountingKeys(Store);
        var protection = new PersonalDataProtection(Map, counting);
        var page = Enumerable.Range(0, 70).Select(i => Data(Profile($"m-{i}"))).ToList();
        page.Add(Data(Profile("m-only-null")) with { Data = "{\"memberId\":\"m-only-null\",\"name\":null}" });

        var sealedEvents = await protection.Protect(page, null, Ct);

        Assert.Equal([70], counting.KeysForCalls);
        Assert.Same(page[^1].Data, sealedEvents[^1].Data);
        Assert.Equal(page.Select(e => e.Data), (await RevealNew(sealedEvents)).Select(e => e.Data));
        var ids = await Store.KeysFor([.. Enumerable.Range(0, 70).Select(i => $"m-{i}"), "m-only-null"], null, Ct);
        Assert.Equal(71, ids.Count); // asking creates; the append did not create one for the subject with nothing to seal
        Assert.Equal(71, ids.Values.Select(k => k.KeyId).Distinct().Count());
    }

    private static string EnvelopeAt(string json, string before)
    {
        var start = json.IndexOf(before, StringComparison.Ordinal) + before.Length;
        return json[start..json.IndexOf('"', start)];
    }

    /// <summary>Records compare lists by reference; this compares them item by item.</summary>
    private sealed class ProfileComparer : IEqualityComparer<MemberProfileChanged>
    {
        public static ProfileComparer Instance { get; } = new();

        public bool Equals(MemberProfileChanged? x, MemberProfileChanged? y) =>
            x is not null && y is not null && x with { Tags = [], Contacts = [] } == y with { Tags = [], Contacts = [] }
            && x.Tags.SequenceEqual(y.Tags) && x.Contacts.SequenceEqual(y.Contacts);

        public int GetHashCode(MemberProfileChanged obj) => obj.MemberId.GetHashCode(StringComparison.Ordinal);
    }
}
