using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Stormline.Hosting.Http;
using Stormline.Hosting.Storage;

namespace Stormline.Hosting.PersonalData;

/// <summary>
/// <c>POST /stormline/personal-data/forget</c> with <c>{"subject": "customer-42", "reason": "…"}</c>: deletes the
/// subject's data keys, so every later read of its personal fields (replays, rebuilds, messages published from now on)
/// sees them erased; the events stay as they are. Snapshots are dropped (states folded before the erasure); read models
/// keep their copy until rebuilt. Logged, and recorded in the key store's erasure log. Operators only, like the rest of /stormline/*.
/// </summary>
public static partial class PersonalDataEndpoints
{
    public const int MaxSubjectLength = 512;

    public static IEndpointRouteBuilder MapPersonalData(this IEndpointRouteBuilder app)
    {
        app.MapPost("/stormline/personal-data/forget", Forget).WithTags("Personal data")
            .Produces<ForgetResponse>().ProducesValidationProblem()
            .WithSummary("Crypto-shred a data subject: delete its keys so its personal fields read as erased everywhere from now on.");
        return app;
    }

    private static async Task<IResult> Forget(HttpRequest request, ServiceStore store, ILoggerFactory loggers, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.Read(request, optional: false, ct);
        if (problem is not null) return problem;
        if (Text(body!, "subject") is not { } subject || subject.Trim().Length == 0)
            return Problems.Invalid("subject", "name the data subject whose personal data to erase as a string, e.g. {\"subject\": \"customer-42\"}");
        subject = subject.Trim();
        if (subject.Length > MaxSubjectLength)
            return Problems.Invalid("subject", $"a subject is at most {MaxSubjectLength} characters");
        if (body!["reason"] is not null && Text(body, "reason") is null)
            return Problems.Invalid("reason", "must be a string");

        var reason = Text(body, "reason");
        var keys = store.Store.PersonalData?.Keys ?? store.Store;
        var deleted = await keys.Forget(subject, reason, ct);
        if (!ReferenceEquals(keys, store.Store)) store.Store.ForgetRecentEvents(); // the store's own Forget already did
        await store.Store.DropSnapshots(ct);
        Erased(loggers.CreateLogger("Stormline.PersonalData"), subject, deleted, reason ?? "no reason given");
        return TypedResults.Ok(new ForgetResponse(subject, deleted, [.. (store.Store.PersonalData?.Map.EventTypes ?? []).Order(StringComparer.Ordinal)], DateTimeOffset.UtcNow));
    }

    private static string? Text(System.Text.Json.Nodes.JsonObject body, string name) =>
        body[name] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [LoggerMessage(1, LogLevel.Warning, "Erased the personal data of subject {Subject}: {KeysDeleted} key(s) deleted ({Reason})", EventName = "SubjectErased")]
    private static partial void Erased(ILogger logger, string subject, int keysDeleted, string reason);
}
