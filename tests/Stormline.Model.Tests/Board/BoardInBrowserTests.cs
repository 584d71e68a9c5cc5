using System.Globalization;
using System.Text.RegularExpressions;
using Stormline.Model.Board;

namespace Stormline.Model.Tests.Board;

/// <summary>
/// The board as a browser draws it: every sticky is on screen, on top (not hidden under another), and its text fits.
/// A probe script is appended to a copy of the page (the page itself has none); Chromium's --dump-dom returns its verdict.
/// </summary>
public sealed partial class BoardInBrowserTests
{
    private const string Probe = """
        <script>
        const out = [];
        for (const s of document.querySelectorAll('.sticky')) {
          const r = s.getBoundingClientRect();
          const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          const onTop = top !== null && (top === s || s.contains(top));
          const fits = s.scrollHeight <= s.clientHeight + 1 && s.scrollWidth <= s.clientWidth + 1;
          if (!onTop || !fits || r.width < 40 || r.height < 30) out.push(s.dataset.kind + ':' + s.dataset.name + (onTop ? '' : ' hidden') + (fits ? '' : ' clipped'));
        }
        const p = document.createElement('pre');
        p.id = 'probe';
        p.textContent = 'stickies=' + document.querySelectorAll('.sticky').length + ';problems=' + out.join('|');
        document.body.appendChild(p);
        </script>
        """;

    [Fact]
    public async Task Every_sticky_of_the_shop_is_visible_and_its_text_fits()
    {
        var layout = BoardPlanner.Plan(ModelText.Shop());
        var page = Path.Combine(Directory.CreateTempSubdirectory("stormline-board-").FullName, "board.html");
        await File.WriteAllTextAsync(page, BoardRenderer.Render(layout).Replace("</body>", Probe + "</body>", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var dom = await Chromium.RunAsync(page, (int)layout.Width + 100, (int)layout.Height + 300, "--dump-dom");

        var probe = ProbePattern().Match(dom);
        Assert.True(probe.Success, "the probe did not run; Chromium printed:\n" + dom[..Math.Min(dom.Length, 2000)]);
        Assert.Equal(layout.Stickies.Count, int.Parse(probe.Groups["count"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("", probe.Groups["problems"].Value);
    }

    [Fact]
    public async Task Screenshot_of_the_shop_board_is_written()
    {
        var folder = Directory.CreateTempSubdirectory("stormline-board-").FullName;
        var page = Path.Combine(folder, "board.html");
        var png = Path.Combine(folder, "board.png");
        await File.WriteAllTextAsync(page, BoardRenderer.Render(BoardPlanner.Plan(ModelText.Shop())), TestContext.Current.CancellationToken);

        await Chromium.RunAsync(page, 1600, 1000, $"--screenshot={png}");

        var bytes = await File.ReadAllBytesAsync(png, TestContext.Current.CancellationToken);
        Assert.True(bytes.Length > 50_000, $"the screenshot is only {bytes.Length} bytes; a drawn board is far larger");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [GeneratedRegex("stickies=(?<count>[0-9]+);problems=(?<problems>[^<]*)")]
    private static partial Regex ProbePattern();
}
