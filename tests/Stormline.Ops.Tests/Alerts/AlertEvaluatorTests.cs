using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Stormline.Ops.Alerts;
using static Stormline.Ops.Tests.Alerts.Snapshots;

namespace Stormline.Ops.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly AlertOptions Options = new() { ServiceNotReadyFor = TimeSpan.FromMinutes(1), ResolvedRetention = TimeSpan.FromMinutes(15) };

    private static AlertContext Payments(bool ready, TimeSpan after) =>
        Context([At(after, [])], services: [new("payments", ready, Start + after, "")], now: Start + after); // a fresh snapshot: only readiness is at stake

    [Fact]
    public async Task A_condition_is_pending_until_it_held_for_its_duration_then_fires_then_resolves()
    {
        var evaluator = new AlertEvaluator(Options);

        Assert.Empty(await evaluator.EvaluateAsync(Payments(false, TimeSpan.Zero)));
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Alerts).State);

        Assert.Empty(await evaluator.EvaluateAsync(Payments(false, TimeSpan.FromSeconds(30))));
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Alerts).State);

        var fired = Assert.Single(await evaluator.EvaluateAsync(Payments(false, TimeSpan.FromSeconds(60))));
        Assert.Equal(AlertState.Firing, fired.State);
        Assert.Equal("StormlineServiceNotReady", fired.Name);
        Assert.Equal(Start, fired.ActiveSince);
        Assert.Equal(Start.AddSeconds(60), fired.FiredAt);
        Assert.Single(evaluator.Firing);

        Assert.Empty(await evaluator.EvaluateAsync(Payments(false, TimeSpan.FromSeconds(90))));

        var resolved = Assert.Single(await evaluator.EvaluateAsync(Payments(true, TimeSpan.FromSeconds(120))));
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(Start.AddSeconds(120), resolved.ResolvedAt);
        Assert.Empty(evaluator.Firing);

        await evaluator.EvaluateAsync(Payments(true, TimeSpan.FromMinutes(20)));
        Assert.Empty(evaluator.Alerts);
    }

    [Fact]
    public async Task A_pending_alert_whose_condition_clears_never_fires()
    {
        var evaluator = new AlertEvaluator(Options);

        await evaluator.EvaluateAsync(Payments(false, TimeSpan.Zero));
        Assert.Empty(await evaluator.EvaluateAsync(Payments(true, TimeSpan.FromSeconds(30))));
        Assert.Empty(await evaluator.EvaluateAsync(Payments(false, TimeSpan.FromSeconds(70))));

        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Alerts).State);
        Assert.Equal(Start.AddSeconds(70), evaluator.Alerts[0].ActiveSince);
    }

    [Fact]
    public async Task Firing_and_resolved_alerts_are_posted_to_the_webhook_as_alertmanager_json()
    {
        var received = new List<JsonDocument>();
        var (app, root) = await LocalWebApp.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await JsonDocument.ParseAsync(request.Body);
            lock (received)
            {
                received.Add(body);
            }

            return Results.Ok();
        }));
        await using var _ = app;
        var url = new Uri(root + "/hook");
        var evaluator = new AlertEvaluator(new AlertOptions { WebhookUrl = url, ServiceNotReadyFor = TimeSpan.Zero });

        await evaluator.EvaluateAsync(Payments(false, TimeSpan.Zero));
        await evaluator.EvaluateAsync(Payments(true, TimeSpan.FromSeconds(10)));

        Assert.Equal(2, received.Count);
        var firing = received[0].RootElement;
        Assert.Equal("4", firing.GetProperty("version").GetString());
        Assert.Equal("firing", firing.GetProperty("status").GetString());
        var alert = firing.GetProperty("alerts")[0];
        Assert.Equal("StormlineServiceNotReady", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("critical", alert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("payments", alert.GetProperty("labels").GetProperty("service").GetString());
        Assert.Equal("Service payments is not ready", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("resolved", received[1].RootElement.GetProperty("alerts")[0].GetProperty("status").GetString());
        await app.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_webhook_is_logged_and_does_not_stop_evaluation()
    {
        var evaluator = new AlertEvaluator(new AlertOptions { WebhookUrl = new Uri("http://127.0.0.1:1/hook"), ServiceNotReadyFor = TimeSpan.Zero });

        var fired = await evaluator.EvaluateAsync(Payments(false, TimeSpan.Zero));

        Assert.Equal(AlertState.Firing, Assert.Single(fired).State);
    }

    [Fact]
    public async Task Readiness_probe_marks_a_2xx_service_ready_and_anything_else_not()
    {
        var (app, root) = await LocalWebApp.StartAsync(app =>
        {
            app.MapGet("/ready", () => Results.Ok());
            app.MapGet("/sick", () => Results.StatusCode((int)HttpStatusCode.ServiceUnavailable));
            app.MapGet("/metrics", () => Results.Text("# TYPE stormline_outbox_oldest_age_seconds gauge\nstormline_outbox_oldest_age_seconds{service=\"orders\"} 75.5\n"));
        });
        await using var _ = app;
        var options = new AlertOptions();
        options.Services.Add(new ServiceEndpoint("orders", new Uri(root + "/ready"), new Uri(root + "/metrics")));
        options.Services.Add(new ServiceEndpoint("payments", new Uri(root + "/sick")));
        options.Services.Add(new ServiceEndpoint("deliveries", new Uri("http://127.0.0.1:1/ready")));
        var outboxes = new OutboxAgeReports();
        var probe = new ServiceHealthProbe(options, outboxes);

        var health = await probe.CheckAsync();

        Assert.Equal([true, false, false], health.Select(h => h.Ready));
        Assert.Equal("HTTP 503", health[1].Detail);
        Assert.Equal(TimeSpan.FromSeconds(75.5), Assert.Single(outboxes.Current()).Age);
        await app.StopAsync();
    }
}
