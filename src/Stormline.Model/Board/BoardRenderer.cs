using System.Globalization;
using System.Net;
using System.Text;

namespace Stormline.Model.Board;

/// <summary>
/// Writes a <see cref="BoardLayout"/> as one self-contained HTML page: inline CSS, inline SVG arrows, no script and no
/// external resources, so it opens from a file, a CI artifact or an e-mail attachment alike.
/// </summary>
public static class BoardRenderer
{
    private static readonly (StickyKind Kind, string Css, string Colour, string Legend)[] Styles =
    [
        (StickyKind.Event, "event", "#ffa94d", "domain event"),
        (StickyKind.Command, "command", "#74c0fc", "command"),
        (StickyKind.Actor, "actor", "#ffe066", "actor"),
        (StickyKind.Policy, "policy", "#d0bfff", "policy"),
        (StickyKind.ExternalSystem, "external", "#f783ac", "external system"),
        (StickyKind.Aggregate, "aggregate", "#fff3bf", "aggregate"),
        (StickyKind.ReadModel, "readmodel", "#8ce99a", "read model"),
        (StickyKind.Hotspot, "hotspot", "#ff6b6b", "hotspot"),
    ];

    public static string CssClass(StickyKind kind) => Styles.First(s => s.Kind == kind).Css;

    public static string Render(BoardLayout layout)
    {
        var html = new StringBuilder();
        var title = layout.Label is null ? E(layout.System) : $"{E(layout.System)} · {E(layout.Label)}";
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="generator" content="stormline model board">
            <title>{title} event storming board</title>
            <style>
            {Css()}
            </style>
            </head>
            <body>
            <header><h1>{E(layout.System)}{(layout.Label is null ? "" : $" <span class=\"label\">{E(layout.Label)}</span>")}</h1>
            <ul class="legend">{string.Concat(Styles.Select(s => $"<li><i class=\"chip {s.Css}\"></i>{s.Legend}</li>"))}<li><i class="chip arrow"></i>policy across contexts</li></ul>
            <p class="hint">Time flows left to right. One lane per bounded context (its topic on the left). Drawn from the model by stormline model board.</p></header>
            <main class="board" style="width:{Px(layout.Width)};height:{Px(layout.Height)}">

            """);

        foreach (var lane in layout.Lanes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"lane\" data-context=\"{E(lane.Context)}\" style=\"top:{Px(lane.Y)};height:{Px(lane.Height)};width:{Px(layout.Width)}\">")
                .Append(CultureInfo.InvariantCulture, $"<div class=\"lane-head\" style=\"width:{Px(BoardPlanner.LaneHeaderWidth - 20)}\"><h2>{E(lane.Context)}</h2>")
                .Append(lane.Label is null ? "" : $"<div class=\"label\">{E(lane.Label)}</div>")
                .Append(CultureInfo.InvariantCulture, $"<code>{E(lane.Topic)}</code></div></section>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"arrows\" width=\"{N(layout.Width)}\" height=\"{N(layout.Height)}\" viewBox=\"0 0 {N(layout.Width)} {N(layout.Height)}\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7048e8\"/></marker>")
            .Append("<marker id=\"head-local\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#868e96\"/></marker></defs>\n");
        foreach (var arrow in layout.Arrows)
        {
            var (x1, y1) = (arrow.From.Right, arrow.From.MiddleY);
            var (x2, y2) = (arrow.To.X, arrow.To.MiddleY);
            var bend = Math.Max(60, Math.Abs(x2 - x1) / 2);
            var css = arrow.CrossesContexts ? "cross" : "local";
            html.Append(CultureInfo.InvariantCulture, $"<path class=\"policy-arrow {css}\" data-from=\"{E(arrow.From.Name)}\" data-to=\"{E(arrow.To.Name)}\" ")
                .Append(CultureInfo.InvariantCulture, $"d=\"M{N(x1)},{N(y1)} C{N(x1 + bend)},{N(y1)} {N(x2 - bend)},{N(y2)} {N(x2)},{N(y2)}\" marker-end=\"url(#{(arrow.CrossesContexts ? "head" : "head-local")})\"/>\n");
        }

        html.Append("</svg>\n");
        foreach (var sticky in layout.Stickies)
        {
            var css = CssClass(sticky.Kind);
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"sticky {css}\" data-kind=\"{css}\" data-name=\"{E(sticky.Name)}\" data-context=\"{E(sticky.Context)}\" ")
                .Append(CultureInfo.InvariantCulture, $"style=\"left:{Px(sticky.X)};top:{Px(sticky.Y)};width:{Px(sticky.Width)};height:{Px(sticky.Height)}\">")
                .Append(CultureInfo.InvariantCulture, $"<b>{E(sticky.Title)}</b>")
                .Append(sticky.Caption is null ? "" : $"<small>{E(sticky.Caption)}</small>")
                .Append(sticky.Label is null ? "" : $"<span class=\"label\">{E(sticky.Label)}</span>")
                .Append("</div>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Css() => string.Join('\n',
    [
        "body{margin:0;padding:20px 24px;background:#f1f3f5;color:#212529;font:13px/1.3 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans KR','NanumGothic','Apple SD Gothic Neo','Malgun Gothic',sans-serif}",
        "header h1{margin:0 0 6px;font-size:22px} header h1 .label{font-weight:400;color:#495057;margin-left:8px}",
        ".legend{list-style:none;margin:0 0 4px;padding:0;display:flex;flex-wrap:wrap;gap:14px}.legend li{display:flex;align-items:center;gap:5px}",
        ".chip{display:inline-block;width:16px;height:14px;border-radius:2px;box-shadow:0 1px 2px rgba(0,0,0,.25)}.chip.arrow{height:0;border-top:2px solid #7048e8;box-shadow:none}",
        ".hint{margin:0 0 14px;color:#868e96}",
        ".board{position:relative}",
        ".lane{position:absolute;left:0;background:#fff;border:1px solid #dee2e6;border-radius:8px;box-sizing:border-box}",
        ".lane:nth-of-type(even){background:#f8f9fa}",
        ".lane-head{position:absolute;left:0;top:0;bottom:0;padding:14px 10px;border-right:2px dashed #ced4da}",
        ".lane-head h2{margin:0;font-size:20px}.lane-head .label{font-size:15px;color:#495057;margin:2px 0 8px}",
        ".lane-head code{font-size:11px;background:#e9ecef;padding:2px 5px;border-radius:3px}",
        ".arrows{position:absolute;left:0;top:0;z-index:1;pointer-events:none;overflow:visible}",
        ".policy-arrow{fill:none}.policy-arrow.cross{stroke:#7048e8;stroke-width:2.2}.policy-arrow.local{stroke:#868e96;stroke-width:1.5;stroke-dasharray:5 4}",
        ".sticky{position:absolute;z-index:2;box-sizing:border-box;padding:7px 8px;border-radius:2px;box-shadow:0 2px 4px rgba(0,0,0,.22);overflow:hidden;overflow-wrap:anywhere}",
        ".sticky b{display:block;font-size:13px}.sticky small{display:block;font-size:11px;color:#343a40}.sticky .label{display:block;font-size:12px;margin-top:2px;color:#343a40}",
        .. Styles.Select(s => $".sticky.{s.Css}{{background:{s.Colour}}}.chip.{s.Css}{{background:{s.Colour}}}"),
        ".sticky.actor{border-radius:10px 10px 2px 2px}",
        ".sticky.hotspot{transform:rotate(-2.5deg);color:#fff}.sticky.hotspot small,.sticky.hotspot .label{color:#fff}",
        ".sticky.aggregate{border:1px solid #e9d68a}",
    ]);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Px(double value) => N(value) + "px";
}
