using System.Security.Cryptography;
using System.Text;

namespace Stormline.OpsConsole.Security;

/// <summary>
/// A named bearer token and its role. The token is kept as its SHA-256 (hex): tokens are long random strings, so a
/// fast hash is enough to keep a leaked users file from being a list of working tokens.
/// </summary>
public sealed record ConsoleUser(string Name, ConsoleRole Role, string TokenSha256)
{
    public static ConsoleUser WithToken(string name, ConsoleRole role, string token) => new(name, role, Hash(token));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
