using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stormline.OpsConsole.Tests;

/// <summary>Another web site for the cross-site tests: one HTML page on a free localhost port until disposed.</summary>
internal sealed class AttackerSite : IDisposable
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
