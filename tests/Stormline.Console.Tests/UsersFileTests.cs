using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Stormline.OpsConsole.Security;

namespace Stormline.OpsConsole.Tests;

/// <summary>The console's users file: NAME ROLE sha256:HEX a line; a token is matched by its hash.</summary>
public sealed class UsersFileTests(ConsoleFixture fixture) : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "stormline-console-users-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task A_token_listed_by_its_sha256_opens_the_console_as_its_user()
    {
        await File.WriteAllLinesAsync(_file, ["# ops", $"ines  Operator  sha256:{ConsoleUser.Hash("ines-token").ToUpperInvariant()}  # on call", ""]);
        var options = fixture.Options();
        options.UsersFile = _file;
        await using var host = await ConsoleHost.StartAsync(options);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };

        using (var anonymous = await http.GetAsync("api/info"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ines-token");
        var info = JsonNode.Parse(await http.GetStringAsync("api/info"))!;
        Assert.Equal(("ines", "operator", false), ((string?)info["user"], (string?)info["role"], (bool)info["readOnly"]!));
    }

    [Theory]
    [InlineData("ines operator ines-token")]
    [InlineData("ines admin sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ines operator")]
    [InlineData("ines 1 sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ines viewer sha256:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void A_malformed_line_is_refused_with_its_number(string line)
    {
        File.WriteAllLines(_file, ["# ops", line]);
        var ex = Assert.Throws<FormatException>(() => ConsoleUsersFile.Load(_file));
        Assert.StartsWith($"{_file}:2:", ex.Message, StringComparison.Ordinal);
    }
}
