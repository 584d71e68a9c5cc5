using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Streams;

namespace Stormline.Bench.Codec;

/// <summary>
/// Sealing and opening the personal fields of the shop's OrderCreated (shippingAddress, subject userId), per event, with
/// the keys in memory so only the store's rewrite and AES-GCM are measured, not the key statements. An order seals
/// once (an append of one event) and opens three times (projection, saga feed, outbox relay), here as pages of 100.
/// </summary>
internal static class PersonalDataCase
{
    public static void Run(string json, int perRound, int rounds)
    {
        var map = new PersonalDataMap(new Dictionary<string, ProtectedEvent>
        {
            ["OrderCreated"] = new("userId", [new ProtectedField(["shippingAddress"], JsonValue.Create(PersonalDataMap.ErasedText))]),
        });
        var protection = new PersonalDataProtection(map, new MemoryKeys());
        var metadata = new EventMetadata(null, null, DateTimeOffset.UnixEpoch);
        var plain = new EventData(Guid.NewGuid(), "OrderCreated", json, metadata);
        var sealedData = protection.Protect([plain], null, CancellationToken.None).GetAwaiter().GetResult()[0].Data;
        var page = Enumerable.Range(1, 100).Select(i => new StreamEvent(Guid.NewGuid(), new StreamName("Order-1"), i - 1, i, "OrderCreated", sealedData, metadata, DateTimeOffset.UnixEpoch)).ToArray();
        var unprotected = page.Select(e => e with { Type = "OrderLineAdded", Data = json }).ToArray();

        var cases = new (string Name, int EventsPerCall, Action Call)[]
        {
            ("seal, append of 1", 1, () => protection.Protect([plain], null, CancellationToken.None).GetAwaiter().GetResult()),
            ("open, page of 100", 100, () => protection.Reveal([.. page], null, CancellationToken.None).GetAwaiter().GetResult()),
            ("no personal data, page of 100", 100, () => protection.Reveal([.. unprotected], null, CancellationToken.None).GetAwaiter().GetResult()),
        };
        var cpu = new double[cases.Length];
        var bytes = new long[cases.Length];
        for (var round = -1; round < rounds; round++) // round -1 warms every path up and is not counted
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var calls = Math.Max(1, (round < 0 ? 20_000 : perRound) / cases[c].EventsPerCall);
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < calls; i++) cases[c].Call();
                var used = Process.GetCurrentProcess().TotalProcessorTime - started;
                if (round < 0) continue;
                cpu[c] += used.TotalMilliseconds / cases[c].EventsPerCall / calls * perRound;
                bytes[c] += (GC.GetAllocatedBytesForCurrentThread() - allocated) / cases[c].EventsPerCall / calls * perRound;
            }
        }

        var events = (double)perRound * rounds;
        Console.WriteLine($"{perRound:N0} events x {rounds} rounds per case, alternating; OrderCreated ({json.Length} B of JSON, {sealedData.Length} B sealed), keys in memory");
        Console.WriteLine($"{"case",-32} {"CPU µs/event",13} {"allocated B/event",18}");
        for (var c = 0; c < cases.Length; c++)
            Console.WriteLine($"{cases[c].Name,-32} {cpu[c] * 1000 / events,13:F2} {bytes[c] / events,18:F0}");
        Console.WriteLine($"{"per order (1 seal + 3 opens)",-32} {(cpu[0] + 3 * cpu[1]) * 1000 / events,13:F2} {(bytes[0] + 3 * bytes[1]) / events,18:F0}");
    }

    /// <summary>One key per subject, made on first use; never forgotten here.</summary>
    private sealed class MemoryKeys : ISubjectKeys
    {
        private readonly Dictionary<string, SubjectKey> _bySubject = new(StringComparer.Ordinal);
        private readonly Dictionary<string, byte[]> _byId = new(StringComparer.Ordinal);

        public Task<IReadOnlyDictionary<string, SubjectKey>> KeysFor(IReadOnlyCollection<string> subjects, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            var keys = new Dictionary<string, SubjectKey>(StringComparer.Ordinal);
            foreach (var subject in subjects)
            {
                if (!_bySubject.TryGetValue(subject, out var key))
                {
                    key = _bySubject[subject] = new SubjectKey(Guid.CreateVersion7().ToString("N"), RandomNumberGenerator.GetBytes(SubjectKey.KeyBytes));
                    _byId[key.KeyId] = key.Key;
                }
                keys[subject] = key;
            }
            return Task.FromResult<IReadOnlyDictionary<string, SubjectKey>>(keys);
        }

        public Task<IReadOnlyDictionary<string, byte[]>> Find(IReadOnlyCollection<string> keyIds, DbTransaction? transaction, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, byte[]>>(keyIds.Where(_byId.ContainsKey).ToDictionary(id => id, id => _byId[id], StringComparer.Ordinal));

        public Task<int> Forget(string subject, string? reason, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
