using System.Text;
using Microsoft.AspNetCore.Http;

namespace Stormline.Ops.Metrics;

/// <summary>
/// kafka_exporter names two gauges <c>…_lag_sum</c> and <c>…_current_offset_sum</c>; <c>promtool check metrics</c>
/// rejects a gauge whose name ends in <c>_sum</c> (the suffix belongs to histograms and summaries). Renaming them
/// would break every dashboard and rule written for kafka_exporter, so in the text format they are declared
/// <c>untyped</c> instead, which Prometheus stores and queries exactly as a gauge. Everything else passes through.
/// </summary>
internal sealed class SumGaugeTypeMiddleware(RequestDelegate next)
{
    private static readonly (byte[] From, byte[] To)[] Replacements =
    [
        .. new[] { MetricNames.GroupLagSum, MetricNames.GroupCurrentOffsetSum }.Select(name =>
            (Encoding.UTF8.GetBytes($"# TYPE {name} gauge\n"), Encoding.UTF8.GetBytes($"# TYPE {name} untyped\n"))),
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (context.Response.ContentType?.StartsWith("text/plain", StringComparison.Ordinal) == true)
        {
            body = Rewrite(body.Span);
        }

        context.Response.ContentLength = body.Length;
        await original.WriteAsync(body, context.RequestAborted);
    }

    private static byte[] Rewrite(ReadOnlySpan<byte> text)
    {
        var output = new MemoryStream(text.Length + 16);
        while (!text.IsEmpty)
        {
            var next = -1;
            var which = -1;
            for (var i = 0; i < Replacements.Length; i++)
            {
                var at = text.IndexOf(Replacements[i].From);
                if (at >= 0 && (next < 0 || at < next))
                {
                    next = at;
                    which = i;
                }
            }

            if (next < 0)
            {
                output.Write(text);
                break;
            }

            output.Write(text[..next]);
            output.Write(Replacements[which].To);
            text = text[(next + Replacements[which].From.Length)..];
        }

        return output.ToArray();
    }
}
