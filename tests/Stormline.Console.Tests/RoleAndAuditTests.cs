using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Stormline.OpsConsole.Security;

namespace Stormline.OpsConsole.Tests;

/// <summary>Viewer and operator users: a viewer cannot reset; the operator's reset is in the audit log, over HTTP and on the page.</summary>
public sealed class RoleAndAuditTests(ConsoleFixture fixture) : IDisposable
{
    private const string ViewerToken = "viewer-token-5b1c", OperatorToken = "operator-token-92ad";

    private readonly string _auditFile = Path.Combine(Path.GetTempPath(), "stormline-audit-" + Guid.NewGuid().ToString("N") + ".jsonl");

    public void Dispose() => File.Delete(_auditFile);

    private ConsoleOptions Options()
    {
        var options = fixture.Options();
        options.Users.Add(ConsoleUser.WithToken("vera", ConsoleRole.Viewer, ViewerToken));
        options.Users.Add(ConsoleUser.WithToken("otto", ConsoleRole.Operator, OperatorToken));
        options.AuditLogFile = _auditFile;
        return options;
    }

    [Fact]
    public async Task A_viewer_cannot_reset_and_the_operators_reset_is_audited_across_a_restart()
    {
        const string group = "audit-group";
        await CrossSiteTests.CommitAsync(fixture, group, 1);
        await using (var host = await ConsoleHost.StartAsync(Options()))
        {
            using var viewer = ConsoleActionHandler.Client(host.Url, ViewerToken);
            using var refused = await viewer.PostAsJsonAsync($"api/groups/{group}/reset", new { to = "earliest" });
            await ApiTests.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
            Assert.Equal(1, await CrossSiteTests.CommittedAsync(fixture, group));
            Assert.True((bool)JsonNode.Parse(await viewer.GetStringAsync("api/info"))!["readOnly"]!);

            using var operatorClient = ConsoleActionHandler.Client(host.Url, OperatorToken);
            using var reset = await operatorClient.PostAsJsonAsync($"api/groups/{group}/reset", new { to = "earliest" });
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            Assert.Equal(0, await CrossSiteTests.CommittedAsync(fixture, group));
        }

        // Started again on the same file: the entry is still there, and only the operator's (the refused try is not an action).
        await using var restarted = await ConsoleHost.StartAsync(Options());
        using var reader = ConsoleActionHandler.Client(restarted.Url, ViewerToken);
        var entry = Assert.Single(JsonNode.Parse(await reader.GetStringAsync("api/audit"))!.AsArray())!;
        Assert.Equal("otto", (string?)entry["user"]);
        Assert.Equal("operator", (string?)entry["role"]);
        Assert.Equal("offset-reset", (string?)entry["action"]);
        Assert.Contains(group, (string?)entry["target"], StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse((string)entry["time"]!, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(5));
        var moved = Assert.Single(entry["offsets"]!.AsArray())!;
        Assert.Equal(("payment-events", 0, 1L, 0L), ((string)moved["topic"]!, (int)moved["partition"]!, (long)moved["before"]!, (long)moved["after"]!));
    }

    [Fact]
    public async Task The_audit_page_shows_the_operators_reset_and_a_viewer_sees_no_actions()
    {
        const string group = "ui-audit-group";
        await CrossSiteTests.CommitAsync(fixture, group, 1);
        await using var host = await ConsoleHost.StartAsync(Options());

        var (viewerPage, viewerErrors) = await fixture.OpenAsync(host, $"?token={ViewerToken}#/groups/{group}");
        await viewerPage.Locator("[data-testid=group-lag]").WaitForAsync();
        Assert.Equal(0, await viewerPage.Locator("[data-action]").CountAsync());
        await Assertions.Expect(viewerPage.Locator("#mode")).ToContainTextAsync("vera (viewer)");
        Assert.Empty(viewerErrors);
        await viewerPage.CloseAsync();

        var (page, errors) = await fixture.OpenAsync(host, $"?token={OperatorToken}#/groups/{group}");
        await page.Locator("select[name=to]").SelectOptionAsync("earliest");
        await page.Locator("[data-action=reset]").ClickAsync();
        await page.Locator("#confirm-ok").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=reset-result]")).ToContainTextAsync("payment-events[0]→0");

        await page.Locator("#nav a[data-page=audit]").ClickAsync();
        var row = page.Locator("[data-testid=audit] tbody tr", new() { HasText = group });
        await Assertions.Expect(row).ToContainTextAsync("otto");
        await Assertions.Expect(row).ToContainTextAsync("operator");
        await Assertions.Expect(row).ToContainTextAsync("offset-reset");
        await Assertions.Expect(row).ToContainTextAsync("payment-events[0] 1 → 0");
        await ConsoleFixture.ScreenshotAsync(page, "audit");
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
