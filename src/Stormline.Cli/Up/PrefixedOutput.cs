namespace Stormline.Cli.Up;

/// <summary>Writes child processes' lines to one console, each prefixed with its source's name, never interleaved mid-line.</summary>
public sealed class PrefixedOutput(TextWriter writer, int width = 10)
{
    private readonly Lock _lock = new();

    public void Line(string source, string text)
    {
        lock (_lock)
        {
            writer.WriteLine($"{source.PadRight(width)} | {text}");
            writer.Flush();
        }
    }

    public void Say(string text)
    {
        lock (_lock)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
