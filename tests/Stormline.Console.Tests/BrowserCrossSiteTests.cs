using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stormline.OpsConsole.Tests;

/// <summary>In headless Chromium: a page of another origin tries what the issue describes — a no-preflight fetch and a form post.</summary>
public sealed class BrowserCrossSiteTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_page_on_another_origin_cannot_reset_through_the_operators_browser()
    {
        const string group = "browser-csrf-group";
        await CrossSiteTests.CommitAsync(fixture, group, 1);
        var console = new Uri(fixture.Console.Url);
        var reset = new Uri(console, $"api/groups/{group}/reset").ToString();
        // A real page of another origin on this machine (localhost, another port): served from loopback, so the
        // browser's private-network rules let it reach the console and the refusal below is the console's own.
        var form = $$"""
            <form method="post" enctype="text/plain" action="{{reset}}"><input name='{"to":"earliest","pad":"' value='"}'></form>
            """;
        using var attacker = AttackerSite.Start(form);

        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync(attacker.Url);

        var fetched = page.WaitForResponseAsync(r => r.Url == reset && r.Request.Method == "POST");
        await page.EvaluateAsync($$"""() => fetch('{{reset}}', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"to":"earliest"}' })""");
        Assert.Equal((int)HttpStatusCode.Forbidden, (await fetched).Status);

        var posted = page.WaitForResponseAsync(r => r.Url == reset && r.Request.Method == "POST");
        await page.EvaluateAsync("() => document.forms[0].submit()");
        Assert.Equal((int)HttpStatusCode.Forbidden, (await posted).Status);

        Assert.Equal(1, await CrossSiteTests.CommittedAsync(fixture, group));
        await page.CloseAsync();
    }

    /// <summary>Serves one HTML page on a free localhost port until disposed.</summary>
    private sealed class AttackerSite : IDisposable
    {
        private readonly HttpListener _listener = new();

        private AttackerSite(string html)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://localhost:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync(Encoding.UTF8.GetBytes(html));
        }

        public string Url { get; }

        public static AttackerSite Start(string html) => new(html);

        private async Task ServeAsync(byte[] page)
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(page);
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
