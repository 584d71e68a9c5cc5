namespace Stormline.Cli;

/// <summary>
/// One exit-code contract for every command, so scripts and CI can branch on it: 0 ok; 1 findings (model errors, a
/// breaking schema change, a cluster that differs from the plan); 2 usage (bad options, a missing file, parse errors);
/// 3 a server (broker, registry, console) could not be reached or answered an error.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
}
