namespace Stormline.Cli.Load;

/// <summary>
/// One redrawn line on a terminal (a bar of sent and completed orders); on a pipe or file one plain line every few
/// seconds instead, so logs stay readable.
/// </summary>
public sealed class ProgressBar(TextWriter writer, int total, bool interactive)
{
    private const int Width = 30;
    private DateTime _lastPlain = DateTime.MinValue;

    public void Draw(int sent, int done, int errors, TimeSpan elapsed, bool final = false)
    {
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var text = $"sent {sent,6}/{total}  done {done,6}  errors {errors}  {rate,7:0}/s  {elapsed.TotalSeconds,5:0.0} s";
        if (interactive)
        {
            var filled = total == 0 ? Width : (int)((long)done * Width / total);
            var sentFilled = total == 0 ? Width : Math.Max(filled, (int)((long)sent * Width / total));
            var bar = new string('#', filled) + new string('-', sentFilled - filled) + new string(' ', Width - sentFilled);
            writer.Write($"\r[{bar}] {text}");
            if (final)
            {
                writer.WriteLine();
            }
        }
        else if (final || DateTime.UtcNow - _lastPlain > TimeSpan.FromSeconds(2))
        {
            _lastPlain = DateTime.UtcNow;
            writer.WriteLine(text);
        }

        writer.Flush();
    }
}
