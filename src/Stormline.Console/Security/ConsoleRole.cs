namespace Stormline.OpsConsole.Security;

/// <summary>What a console user may do: a viewer reads everything shown; an operator also resets offsets and redrives.</summary>
public enum ConsoleRole
{
    Viewer,
    Operator,
}
