using System.Globalization;
using System.Text.Json.Nodes;

namespace Stormline.Cli.Projections;

/// <summary>
/// A rebuild's progress as one redrawn line on a terminal (bar, position, events/s, ETA); on a pipe or file one
/// plain line every few seconds instead, so logs stay readable.
/// </summary>
internal sealed class RebuildLine(TextWriter writer, bool interactive)
{
    private const int Width = 30;
    private DateTime _lastPlain = DateTime.MinValue;

    public void Draw(JsonObject progress)
    {
        var percent = (double?)progress["percent"] ?? 0;
        var eta = (double?)progress["etaSeconds"] is { } seconds ? $"ETA {seconds.ToString("0", CultureInfo.InvariantCulture)} s" : "ETA ?";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{percent,5:0.0}%  position {(long?)progress["position"] ?? 0}/{(long?)progress["headPosition"] ?? 0}  {(double?)progress["eventsPerSecond"] ?? 0,8:0} events/s  {eta}");
        if (interactive)
        {
            var filled = (int)Math.Clamp(percent * Width / 100, 0, Width);
            writer.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {text}   ");
        }
        else if (DateTime.UtcNow - _lastPlain > TimeSpan.FromSeconds(2))
        {
            _lastPlain = DateTime.UtcNow;
            writer.WriteLine(text);
        }

        writer.Flush();
    }

    /// <summary>Ends the redrawn line so what follows starts on its own.</summary>
    public void End()
    {
        if (interactive)
        {
            writer.WriteLine();
        }
    }
}
