using System.Text;

namespace Stormline.Broker.Tests.Kcat;

/// <summary>What kcat printed: stdout as raw bytes (messages may be any bytes), stderr as text.</summary>
internal sealed record KcatResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
}
