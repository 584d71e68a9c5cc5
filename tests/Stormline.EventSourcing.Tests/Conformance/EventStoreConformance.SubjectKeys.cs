using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Streams;
using Stormline.EventSourcing.Tests.Fixtures;
using Stormline.EventSourcing.Tests.Sample;

namespace Stormline.EventSourcing.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    private Task<long> CountKeys() => Store.InTransaction(async (tx, ct) =>
    {
        await using var command = SqlStoreCommands.Create(tx, "SELECT COUNT(*) FROM subject_keys");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }, Ct);

    [Fact]
    public async Task OneAppendForManySubjectsCreatesTheMissingKeysTogetherAndKeepsTheExistingOnes()
    {
        ProtectPersonalData();
        await Register("c-0");
        var before = await Store.KeyFor("c-0", null, Ct);
        var customers = Enumerable.Range(0, 70).Select(i => Customer($"c-{i}")).ToList(); // more than one multi-row statement holds

        await Store.AppendToStream(new StreamName("Customers-batch"), ExpectedVersion.NoStream,
            [.. customers.Select(c => Customers.Serialize(c, new EventMetadata(null, null, At)))], Ct);

        Assert.Equal(70, await CountKeys());
        Assert.Equal(before, await Store.KeyFor("c-0", null, Ct), SubjectKeyComparer.Instance);
        var read = await Store.ReadStream(new StreamName("Customers-batch"), 0, 100, Ct);
        Assert.Equal(customers, read.Select(Read), CustomerComparer.Instance);

        Assert.Equal(1, await Store.Forget("c-7", null, Ct));
        var afterForget = (await Store.ReadStream(new StreamName("Customers-batch"), 0, 100, Ct)).Select(Read).ToList();
        Assert.Equal(PersonalDataMap.ErasedText, afterForget[7].Email);
        Assert.Equal("c-8@example.com", afterForget[8].Email);
    }

    [Fact]
    public async Task AnEventEveryReaderHasOpenedReadsErasedOnTheNextReadAfterItsSubjectIsForgotten()
    {
        ProtectPersonalData();
        await Register("c-1");
        for (var i = 0; i < 3; i++) // the projection, the saga feed and the relay, each once
            Assert.Equal("c-1@example.com", Read((await Store.ReadAll(0, 10, Ct))[0]).Email);
        Assert.Equal("c-1@example.com", Read((await Store.ReadPending(10, Ct))[0].Event).Email);

        await Store.Forget("c-1", null, Ct); // as another replica's forget would: only the key row goes

        Assert.Equal(PersonalDataMap.ErasedText, Read((await Store.ReadAll(0, 10, Ct))[0]).Email);
        Assert.Equal(PersonalDataMap.ErasedText, Read((await Store.ReadPending(10, Ct))[0].Event).Email);
        Assert.Equal(PersonalDataMap.ErasedText, Read((await Store.ReadStream(new StreamName("Customer-c-1"), 0, 10, Ct))[0]).Email);
    }

    [Fact]
    public async Task ConcurrentCallsCreatingTheSameSubjectsKeysAllGetTheSameKeys()
    {
        var subjects = Enumerable.Range(0, 20).Select(i => $"s-{i}").ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Store.KeysFor(subjects, null, Ct), Ct)));

        Assert.Equal(20, await CountKeys());
        foreach (var subject in subjects)
            Assert.Single(results.Select(r => r[subject].KeyId).Distinct());
    }

    [Fact]
    public async Task AStoredEnvelopeThatWasAlteredFailsTheReadNamingTheField()
    {
        ProtectPersonalData();
        await Register("c-1");
        var raw = Assert.Single(await RawData());
        var start = raw.IndexOf(FieldEnvelope.Prefix, raw.IndexOf("\"email\"", StringComparison.Ordinal), StringComparison.Ordinal);
        var end = raw.IndexOf('"', start);
        var altered = raw[..(end - 6)] + (raw[end - 6] == 'A' ? 'B' : 'A') + raw[(end - 5)..];
        await Store.InTransaction(async (tx, ct) =>
        {
            await using var update = SqlStoreCommands.Create(tx, $"UPDATE events SET data = {(Store is Postgres.PostgresEventStore ? "CAST(@data AS jsonb)" : "@data")}");
            var parameter = update.CreateParameter();
            parameter.ParameterName = "@data";
            parameter.Value = altered;
            update.Parameters.Add(parameter);
            await update.ExecuteNonQueryAsync(ct);
        }, Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.ReadStream(new StreamName("Customer-c-1"), 0, 10, Ct));
        Assert.Contains("'email'", error.Message, StringComparison.Ordinal);
    }

    private sealed class SubjectKeyComparer : IEqualityComparer<SubjectKey>
    {
        public static SubjectKeyComparer Instance { get; } = new();

        public bool Equals(SubjectKey? x, SubjectKey? y) => x is not null && y is not null && x.KeyId == y.KeyId && x.Key.AsSpan().SequenceEqual(y.Key);

        public int GetHashCode(SubjectKey obj) => obj.KeyId.GetHashCode(StringComparison.Ordinal);
    }
}
