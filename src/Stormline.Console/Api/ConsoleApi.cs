using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stormline.OpsConsole.Audit;
using Stormline.OpsConsole.DeadLetters;
using Stormline.Ops.Alerts;
using Stormline.OpsConsole.Journey;
using Stormline.OpsConsole.Kafka;
using Stormline.OpsConsole.Messages;
using Stormline.OpsConsole.Model;
using Stormline.OpsConsole.ReadModels;
using Stormline.OpsConsole.Schemas;
using Stormline.OpsConsole.Security;

namespace Stormline.OpsConsole.Api;

/// <summary>The console's JSON API under /api: reads are GET, actions are POST (hidden and refused in read-only mode).</summary>
internal static class ConsoleApi
{
    public static IEndpointRouteBuilder MapConsoleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/info", (HttpContext c, ConsoleOptions o, CrossSiteGuard guard) =>
        {
            var caller = ConsoleCaller.Of(c);
            // A viewer's UI hides the actions as a read-only console's does; the gate refuses them either way.
            return new ConsoleInfo(o.BootstrapServers, o.SchemaRegistryUrl, o.ModelFile is not null, o.ReadOnly || caller.Role < ConsoleRole.Operator,
                o.MaskedFields.ToList(), o.JourneyTopics.ToList(), caller.Name, caller.Role.ToString().ToLowerInvariant(), guard.CsrfToken);
        });
        api.MapGet("/overview", (Overview overview, CancellationToken ct) => overview.ReadAsync(ct));
        api.MapGet("/health", (ServiceHealthProbe health, CancellationToken ct) => health.CheckAsync(ct));
        api.MapGet("/alerts", (AlertEvaluator alerts) => alerts.Alerts.OrderBy(a => a.State).ThenByDescending(a => a.Severity).ToList());

        api.MapGet("/topics", (HttpRequest r, TopicsReader topics) =>
            topics.PageAsync(QueryValues.Text(r, "search"), QueryValues.Int(r, "page") ?? 0, Math.Clamp(QueryValues.Int(r, "size") ?? 50, 1, 500)));
        api.MapGet("/topics/{topic}", (string topic, TopicsReader topics) => topics.DetailAsync(topic));
        api.MapGet("/topics/{topic}/messages", (string topic, HttpRequest r, MessageBrowser browser, CancellationToken ct) =>
            browser.BrowseAsync(topic, new BrowseQuery(QueryValues.Int(r, "partition"), QueryValues.Long(r, "offset"), QueryValues.Text(r, "time"),
                QueryValues.Text(r, "key"), QueryValues.Int(r, "limit")), ct));
        api.MapGet("/topics/{topic}/search", async (string topic, HttpRequest r, MessageSearch search, CancellationToken ct) =>
        {
            var query = new SearchQuery(QueryValues.Text(r, "filter"), QueryValues.Int(r, "partition"), QueryValues.Text(r, "time"), QueryValues.Int(r, "limit"), QueryValues.Int(r, "seconds"));
            // The page asks for events to show progress; scripts get one JSON answer.
            return r.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase)
                ? TypedResults.ServerSentEvents(await search.StreamAsync(topic, query, ct))
                : Results.Json(await search.SearchAsync(topic, query, ct));
        });
        api.MapGet("/topics/{topic}/tail", async (string topic, HttpContext c, LiveTail tail) =>
        {
            var r = c.Request;
            var session = await tail.StartAsync(topic, new TailQuery(QueryValues.Text(r, "filter"), QueryValues.Int(r, "partition"), QueryValues.Int(r, "limit"), QueryValues.Int(r, "seconds")));
            c.Response.RegisterForDispose(session);
            return TypedResults.ServerSentEvents(session.EventsAsync(c.RequestAborted));
        });
        api.MapPost("/topics/{topic}/messages", async (string topic, HttpContext c, MessageProducer producer, AuditLog audit, CancellationToken ct) =>
        {
            var request = await BodyAsync<ProduceRequest>(c.Request);
            var sent = await producer.ProduceAsync(topic, request, ct);
            var encoding = sent.SchemaId is { } id ? $"{request.Subject} v{sent.SchemaVersion} (schema {id})" : sent.Format;
            audit.Record(ConsoleCaller.Of(c), "produce", $"{topic} key {request.Key ?? "null"}, {encoding}", [new AuditOffset(topic, sent.Partition, null, sent.Offset)]);
            return sent;
        });
        api.MapPost("/topics", async (HttpContext c, TopicAdmin admin, AuditLog audit) =>
        {
            var created = await admin.CreateAsync(await BodyAsync<CreateTopicRequest>(c.Request));
            var configs = string.Concat(created.Configs.Select(p => $", {p.Key}={p.Value}"));
            audit.Record(ConsoleCaller.Of(c), "topic-create", $"{created.Name} ({created.Partitions} partition(s){configs})", []);
            return Results.Created($"/api/topics/{Uri.EscapeDataString(created.Name)}", created);
        });
        api.MapDelete("/topics/{topic}", async (string topic, HttpContext c, TopicAdmin admin, AuditLog audit) =>
        {
            await admin.DeleteAsync(topic);
            audit.Record(ConsoleCaller.Of(c), "topic-delete", topic, []);
            return Results.NoContent();
        });
        api.MapPost("/topics/{topic}/configs", async (string topic, HttpContext c, TopicAdmin admin, AuditLog audit) =>
        {
            var changes = await admin.AlterConfigsAsync(topic, await BodyAsync<AlterConfigsRequest>(c.Request));
            audit.Record(ConsoleCaller.Of(c), "topic-config", $"{topic}: " + string.Join(", ", changes.Select(x => x.Op == "set" ? $"{x.Name}={x.Value}" : $"{x.Op} {x.Name}{(x.Value is null ? "" : "=" + x.Value)}")), []);
            return changes;
        });

        api.MapGet("/groups", (GroupsReader groups) => groups.ListAsync());
        api.MapGet("/groups/{group}", (string group, GroupsReader groups) => groups.DetailAsync(group));
        api.MapDelete("/groups/{group}", async (string group, HttpContext c, GroupRemoval removal, AuditLog audit) =>
        {
            var deleted = await removal.DeleteAsync(group);
            audit.Record(ConsoleCaller.Of(c), "group-delete", group,
                deleted.Partitions.Where(p => p.Committed is not null).Select(p => new AuditOffset(p.Topic, p.Partition, p.Committed, -1)).ToList());
            return Results.NoContent();
        });
        api.MapPost("/groups/{group}/reset", async (string group, HttpContext c, OffsetReset reset, AuditLog audit) =>
        {
            var result = await reset.ResetAsync(group, await BodyAsync<ResetRequest>(c.Request));
            audit.Record(ConsoleCaller.Of(c), "offset-reset", $"group {group} to {result.To}",
                result.Partitions.Select(m => new AuditOffset(m.Topic, m.Partition, m.Before, m.Offset)).ToList());
            return result;
        });

        api.MapGet("/schemas", (SchemaBrowser schemas) => schemas.SubjectsAsync());
        api.MapGet("/schemas/{subject}", (string subject, SchemaBrowser schemas) => schemas.SubjectAsync(subject));
        api.MapGet("/schemas/{subject}/changes", (string subject, int from, int to, SchemaBrowser schemas) => schemas.ChangesAsync(subject, from, to));

        api.MapGet("/model/board", (ModelBoard board) => Results.Content(board.BoardHtml(), "text/html; charset=utf-8"));
        api.MapGet("/model/rates", (ModelBoard board, CancellationToken ct) => board.RatesAsync(ct));
        api.MapGet("/model/drift", (HttpContext c, ModelDriftView drift, CancellationToken ct) =>
        {
            var idleMinutes = QueryValues.Int(c.Request, "idleMinutes") ?? 60;
            return idleMinutes is < 1 or > 43_200
                ? throw ConsoleProblem.BadRequest($"'idleMinutes' must be between 1 and 43200 (30 days), got {idleMinutes}.")
                : drift.ReportAsync(TimeSpan.FromMinutes(idleMinutes), ct);
        });

        api.MapGet("/journey/{orderId}", (string orderId, OrderJourney journey, CancellationToken ct) => journey.FindAsync(orderId, ct));

        api.MapGet("/deadletters", (DeadLetterQueue dlq, CancellationToken ct) => dlq.ListAsync(ct));
        api.MapPost("/deadletters/{topic}/{partition}/{offset}/redrive", async (string topic, string partition, string offset, HttpContext c, DeadLetterQueue dlq, AuditLog audit, CancellationToken ct) =>
        {
            var result = await dlq.RedriveAsync(topic, QueryValues.Route<int>(partition, "partition", int.TryParse), QueryValues.Route<long>(offset, "offset", long.TryParse), ct);
            audit.Record(ConsoleCaller.Of(c), "redrive", $"{result.DeadLetter} to {result.Topic}", [new AuditOffset(result.Topic, result.Partition, null, result.Offset)]);
            return result;
        });
        api.MapGet("/read-models", (ServiceReadModels readModels, CancellationToken ct) => readModels.ListAsync(ct));
        api.MapPost("/read-models/{service}/{readModel}/rebuild", async (string service, string readModel, HttpContext c, ServiceReadModels readModels, AuditLog audit, CancellationToken ct) =>
        {
            var started = await readModels.RebuildAsync(service, readModel, ct);
            audit.Record(ConsoleCaller.Of(c), "read-model-rebuild", $"{service} {readModel}", []);
            return Results.Json(started, statusCode: StatusCodes.Status202Accepted);
        });

        api.MapGet("/audit", (AuditLog audit) => audit.Newest(500));

        api.MapFallback(() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such API route; see docs/console.md for the list."));
        return app;
    }

    /// <summary>Reads the JSON body by hand, so a malformed or missing one is a 400 problem rather than an empty 400.</summary>
    private static async Task<T> BodyAsync<T>(HttpRequest request)
    {
        var body = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted);
        return body ?? throw ConsoleProblem.BadRequest("The request needs a JSON body.");
    }
}

/// <summary>What the UI needs to know before drawing: where it points, whether actions are allowed, what is masked.</summary>
internal sealed record ConsoleInfo(string BootstrapServers, string? SchemaRegistryUrl, bool HasModel, bool ReadOnly, IReadOnlyList<string> MaskedFields, IReadOnlyList<string> JourneyTopics,
    string User, string Role, string CsrfToken);
