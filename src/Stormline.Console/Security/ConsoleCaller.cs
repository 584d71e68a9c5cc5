using Microsoft.AspNetCore.Http;

namespace Stormline.OpsConsole.Security;

/// <summary>Who made a request, as <see cref="TokenGate"/> established it; what the audit log records as "who".</summary>
internal sealed record ConsoleCaller(string Name, ConsoleRole Role)
{
    private static readonly object Key = new();

    /// <summary>With neither token nor users, a loopback console trusts whoever reaches it, as before.</summary>
    public static readonly ConsoleCaller Local = new("local", ConsoleRole.Operator);

    public static ConsoleCaller Of(HttpContext context) => context.Items[Key] as ConsoleCaller ?? Local;

    public void AttachTo(HttpContext context) => context.Items[Key] = this;
}
