using Stormline.Cli.Up;

namespace Shop.EndToEnd.Tests;

/// <summary>Everything the system's processes print during a test, kept and shown with the test's result.</summary>
internal sealed class TestOutput
{
    private readonly StringWriter _text = new();
    private readonly TextWriter _buffer;

    public TestOutput()
    {
        // Synchronized: its methods lock the writer itself, so Flush can read between two lines.
        _buffer = TextWriter.Synchronized(_text);
        Output = new PrefixedOutput(_buffer);
    }

    public PrefixedOutput Output { get; }

    public TextWriter Writer => _buffer;

    public string Text
    {
        get
        {
            lock (_buffer)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Writes the last lines to the test's output (xunit shows them with a failure).</summary>
    public void Flush(int lines = 300)
    {
        var all = Text.Split('\n');
        foreach (var line in all.Skip(Math.Max(0, all.Length - lines)))
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line.TrimEnd('\r'));
        }
    }
}
