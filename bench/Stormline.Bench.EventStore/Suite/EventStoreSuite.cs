using Stormline.Bench.EventStore.Server;
using Stormline.Bench.EventStore.Targets;
using Stormline.Bench.EventStore.Workloads;
using Stormline.EventSourcing.Postgres;
using Stormline.EventSourcing.Sqlite;

namespace Stormline.Bench.EventStore.Suite;

/// <summary>
/// Opens every target once (a fresh database each on the one PostgreSQL server, a fresh SQLite file), then runs
/// each workload on every target in turn, so machine noise falls on all of them alike.
/// </summary>
public sealed class EventStoreSuite(BenchSettings settings, TextWriter log)
{
    public List<AppendResult> Appends { get; } = [];

    public List<RehydrationResult> Rehydrations { get; } = [];

    public string PostgresVersion { get; private set; } = "";

    public async Task Run(CancellationToken cancellationToken)
    {
        await using var server = await PostgresServer.Start(settings.PostgresBin, log, cancellationToken);
        PostgresVersion = server.Version;
        var sqliteFolder = Directory.CreateTempSubdirectory("stormline-bench-sqlite-");
        var targets = new List<IEventStoreTarget>();
        try
        {
            foreach (var name in BenchSettings.AllTargets.Where(settings.Targets.Contains))
                targets.Add(await Open(name, server, sqliteFolder, cancellationToken));

            foreach (var workload in AppendWorkloads())
                foreach (var target in targets)
                    Appends.Add(await workload.Run(target, log, cancellationToken));

            if (settings.Workloads.Contains("rehydrate"))
                foreach (var length in settings.RehydrationLengths)
                    foreach (var target in targets)
                        Rehydrations.AddRange(await new RehydrationWorkload(length, 50, settings.RehydrationLoads).Run(target, log, cancellationToken));
        }
        finally
        {
            foreach (var target in targets) await target.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            sqliteFolder.Delete(recursive: true);
        }
    }

    private IEnumerable<AppendWorkload> AppendWorkloads()
    {
        foreach (var writers in settings.Writers)
        {
            var plural = writers == 1 ? "writer" : "writers";
            var divisor = writers == 1 ? settings.SingleWriterDivisor : 1;
            if (settings.Workloads.Contains("single"))
                yield return new AppendWorkload($"1 event/append, {writers} {plural}", $"s{writers}w", settings.SingleAppends / divisor, settings.SingleStreams / divisor, 1, writers);
            if (settings.Workloads.Contains("batch"))
                yield return new AppendWorkload($"{settings.BatchSize} events/append, {writers} {plural}", $"b{writers}w", settings.BatchAppends / divisor, settings.BatchStreams / divisor, settings.BatchSize, writers);
        }
    }

    private async Task<IEventStoreTarget> Open(string name, PostgresServer server, DirectoryInfo sqliteFolder, CancellationToken cancellationToken) => name switch
    {
        "stormline-pg" => new StormlineTarget("Stormline PostgreSQL", await PostgresEventStore.Open(await server.CreateDatabase("stormline", cancellationToken), outbox: false, cancellationToken)),
        "stormline-pg-outbox" => new StormlineTarget("Stormline PG + outbox", await PostgresEventStore.Open(await server.CreateDatabase("stormline_outbox", cancellationToken), outbox: true, cancellationToken)),
        "marten" => await MartenTarget.Open(await server.CreateDatabase("marten", cancellationToken), cancellationToken),
        "stormline-sqlite" => new StormlineTarget("Stormline SQLite", await SqliteEventStore.Open(Path.Combine(sqliteFolder.FullName, "events.db"), outbox: false, cancellationToken)),
        _ => throw new ArgumentException($"Unknown target '{name}'; known: {string.Join(", ", BenchSettings.AllTargets)}."),
    };
}
